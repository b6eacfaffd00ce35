"""Chinese typed in pinyin without tones ("mima wangle zenme chongzhi").

On a borrowed laptop, an English-only phone or a terminal, people type Chinese as pinyin.
Read as English it matches nothing and the reply comes in English. :func:`looks_like_pinyin`
tells such a message (nearly every word splits into pinyin syllables, several into two
or more, and no English function word appears), and :class:`PinyinReader` writes it back
in characters with the words of the knowledge base itself: every Chinese term the KB
indexes is keyed by its toneless pinyin (all readings of a polyphonic character: 重置 is
both "chongzhi" and "zhongzhi"), and where a sound has several words the one in more
articles wins (手机 over 收集). A pinyin word no KB term spells stays as typed.

``pypinyin`` gives the readings of the KB's terms; it is imported on the first pinyin
question only (its dictionary takes most of a second to load).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

# Every toneless Mandarin syllable (ü written v, as pinyin keyboards take it).
_SYLLABLE_LIST = """
a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can
cang cao ce cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai
chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de dei den
deng di dia dian diao die ding diu dong dou du duan dui dun duo e ei en eng er fa fan fang
fei fen feng fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang
gui gun guo ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo
ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai kan kang kao ke kei
ken keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan lang lao le lei leng li lia
lian liang liao lie lin ling liu lo long lou lu luan lun luo lv lve ma mai man mang mao me
mei men meng mi mian miao mie min ming miu mo mou mu na nai nan nang nao ne nei nen neng ni
nian niang niao nie nin ning niu nong nou nu nuan nuo nv nve o ou pa pai pan pang pao pei
pen peng pi pian piao pie pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong qiu
qu quan que qun ran rang rao re ren reng ri rong rou ru rua ruan rui run ruo sa sai san
sang sao se sen seng sha shai shan shang shao she shei shen sheng shi shou shu shua shuai
shuan shuang shui shun shuo si song sou su suan sui sun suo ta tai tan tang tao te teng ti
tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wu xi xia
xian xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo
yong you yu yuan yue yun za zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe
zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu
zuan zui zun zuo
"""
SYLLABLES = frozenset(_SYLLABLE_LIST.split())
_LONGEST = max(map(len, SYLLABLES))
# English words that are no pinyin, or are but never come without these around them.
_ENGLISH_FUNCTION_WORDS = """
    the is to my it not how in of for and with this that on what why we our please do does
    from at be are was will your i get has have after before when where all any into off
    out just still again can't cant dont don't doesnt doesn't isnt
"""
_ENGLISH_FUNCTION = frozenset(_ENGLISH_FUNCTION_WORDS.split())
# Product names typed in Latin amid pinyin ("outlook dengbushang le"): they do not count.
_PRODUCT_WORDS = """
    outlook teams office excel word ppt powerpoint onedrive sharepoint azure vpn vm wifi app
    pc mac iphone ipad android email windows edge chrome exchange entra mfa admin
"""
_PRODUCTS = frozenset(_PRODUCT_WORDS.split())
LOOKALIKES = Path(__file__).parent / "data" / "pinyin_lookalikes.txt"


@cache
def english_lookalikes() -> frozenset[str]:
    """English words that split into syllables too ("open", "license"): not pinyin."""
    lines = LOOKALIKES.read_text(encoding="utf-8").splitlines()
    return frozenset(w for line in lines if not line.startswith("#") for w in line.split())


# Chat words a KB's index may lack (it drops function words) but a question carries.
_CHAT_WORDS = """
怎么 什么 为什么 怎么办 没有 不能 不了 忘了 忘记 一直 还是 可以 能不能 哪里 在哪 多少 登不上
打不开 收不到 发不出 用不了 连不上 不行 帮忙 请问 现在 已经 电脑 手机 密码 账号 邮箱 邮件
"""
MIN_MULTI = 2  # words of two or more syllables a message needs
MIN_SHARE = 0.75  # share of its words that must split into syllables
MIN_SPACED = 4  # or this many words that split, typed a syllable at a time
_MAX_JOIN = 3  # typed words joined to find one KB term ("bang ding" is 绑定)


def syllables(word: str) -> list[str] | None:
    """``word`` split into pinyin syllables, fewest pieces first; None if it cannot be."""
    word = word.lower()
    best: list[list[str] | None] = [None] * (len(word) + 1)
    best[0] = []
    for i in range(len(word)):
        if best[i] is None:
            continue
        for j in range(min(len(word), i + _LONGEST), i, -1):
            piece = word[i:j]
            if piece in SYLLABLES:
                candidate = [*best[i], piece]  # type: ignore[misc]
                if best[j] is None or len(candidate) < len(best[j]):  # type: ignore[arg-type]
                    best[j] = candidate
    return best[len(word)]


def looks_like_pinyin(text: str) -> bool:
    """Is ``text`` Chinese typed in pinyin? ASCII only, no English function word, and
    most of its words (product names aside) split into syllables, two or more of them
    into several, or four words or more each of which does."""
    sample = text[:1500]
    if not sample.isascii():
        return False
    tokens = re.findall(r"[a-z0-9']+", sample.lower())
    words = [t for t in tokens if t.isalpha()]
    if any(w in _ENGLISH_FUNCTION for w in words):
        return False
    words = [w for w in words if w not in _PRODUCTS]
    if not words:
        return False
    english = english_lookalikes()
    split = [None if w in english else syllables(w) for w in words]
    parsed = [s for s in split if s is not None]
    # a long word of three syllables or more ("dengbushang") counts twice: no English
    # word of eight letters splits so
    multi = sum((len(s) >= 2) + (len(s) >= 3 and len("".join(s)) >= 8) for s in parsed)
    if len(parsed) < MIN_SHARE * len(words):
        return False
    return multi >= MIN_MULTI or len(parsed) >= MIN_SPACED  # "xian zai zen me ban"


def readings(term: str) -> list[str]:
    """The toneless pinyin spellings of ``term``, one per combination of its characters'
    readings (at most 16), with ü as v and as u (people type both)."""
    from pypinyin import Style, pinyin

    per_char = pinyin(term, style=Style.NORMAL, heteronym=True, errors="ignore")
    if not per_char or len(per_char) != len(term):
        return []
    spellings = {"".join(combo) for combo in itertools.islice(itertools.product(*per_char), 16)}
    return sorted(spellings | {s.replace("v", "u") for s in spellings})


class PinyinReader:
    """Writes pinyin back in characters, with the words of one knowledge base."""

    def __init__(self, terms: Iterable[tuple[str, float]]) -> None:
        """``terms``: the KB's Chinese terms with their weight (the number of articles
        that hold them); the commonest term wins a sound several terms share."""
        weights: dict[str, float] = {word: 0.5 for word in _CHAT_WORDS.split()}
        for term, weight in terms:
            if re.fullmatch(r"[\u4e00-\u9fff]+", term):
                weights[term] = max(weights.get(term, 0.0), float(weight))
        self._by_sound: dict[str, tuple[float, str]] = {}
        for term, weight in weights.items():
            for sound in readings(term):
                current = self._by_sound.get(sound)
                if current is None or (weight, len(term)) > (current[0], len(current[1])):
                    self._by_sound[sound] = (weight, term)

    def word_for_sound(self, sound: str) -> tuple[float, str] | None:
        """The commonest KB word spelled ``sound`` (toneless pinyin), with its weight."""
        return self._by_sound.get(sound)

    def to_hanzi(self, text: str) -> str:
        """``text`` with its pinyin words written in the KB's characters where a term
        spells them; words no term spells, numbers and punctuation stay as typed."""
        pieces = re.split(r"([A-Za-z]+)", text)
        out: list[str] = []
        i = 0
        while i < len(pieces):
            piece = pieces[i]
            if i % 2 == 0:  # text between words
                out.append(piece)
                i += 1
                continue
            joined = self._join(pieces, i)
            if joined is not None:
                word, last = joined
                out.append(word)
                i = last + 1
                continue
            out.append(self._word(piece))
            i += 1
        return "".join(out)

    def _join(self, pieces: list[str], start: int) -> tuple[str, int] | None:
        """A KB term spelled by the typed words from ``start`` on, joined across plain
        spaces (at most three words: "bang ding"), longest first."""
        for n in range(_MAX_JOIN, 1, -1):
            last = start + 2 * (n - 1)
            if last >= len(pieces):
                continue
            gaps = pieces[start + 1 : last : 2]
            if any(gap.strip() for gap in gaps):
                continue
            sound = "".join(pieces[start : last + 1 : 2]).lower()
            hit = self._by_sound.get(sound)
            if hit is not None:
                return hit[1], last
        return None

    def _word(self, word: str) -> str:
        """One typed word in characters: the fewest KB terms covering the most of its
        syllables; syllables no term covers stay in Latin letters."""
        parts = syllables(word)
        if not parts:
            return word
        n = len(parts)
        # best[i]: (syllables covered, -pieces, text) for the first i syllables
        best: list[tuple[int, int, str]] = [(0, 0, "")] + [(-1, 0, "")] * n
        for i in range(n):
            covered, pieces, text = best[i]
            if covered < 0:
                continue
            for j in range(i + 1, n + 1):
                hit = self._by_sound.get("".join(parts[i:j]))
                if hit is not None:
                    gain, piece = j - i, hit[1]
                elif j == i + 1:
                    gain, piece = 0, parts[i]  # no term spells it: the syllable as typed
                else:
                    continue
                candidate = (covered + gain, pieces - 1, text + piece)
                if candidate[:2] > best[j][:2]:
                    best[j] = candidate
        covered, _, text = best[n]
        return text if covered > 0 else word
