"""Services a customer may ask about that the reseller does not look after.

"Is gmail down?", "вичат лежит?", "钉钉挂了吗": our health checks cannot see them, and the
generic "type /health" line would suggest they can. The answer says so by name instead
(``handlers/ask.py``). A short list of what customers in China actually use beside
Microsoft 365 and Azure: other mail hosts, messengers, meeting apps and clouds. Names are
matched as whole words (Latin and Cyrillic) or as the Chinese name anywhere; the longest
name wins, so 企业微信 is WeCom, not WeChat.
"""

from __future__ import annotations

import re

from bot.services.health.mentions import readings

# Display name → the words people type for it (lower case).
_ELSEWHERE: dict[str, tuple[str, ...]] = {
    "Gmail": ("gmail", "google mail", "гмейл", "гмаил", "джимейл", "谷歌邮箱"),
    "Google": ("google", "гугл", "谷歌"),
    "WeCom": ("wecom", "wechat work", "企业微信"),
    "WeChat": ("wechat", "weixin", "вичат", "вичате", "微信"),
    "QQ": ("qq", "qq mail", "qq邮箱"),
    "NetEase Mail (163/126)": ("163 mail", "163.com", "126.com", "网易邮箱", "163邮箱", "126邮箱"),
    "DingTalk": ("dingtalk", "dingding", "динтолк", "钉钉"),
    "Feishu (Lark)": ("feishu", "lark", "飞书"),
    "Zoom": ("zoom", "зум", "зуме"),
    "Tencent Meeting": ("tencent meeting", "voov", "腾讯会议"),
    "Alibaba Cloud": ("aliyun", "alibaba cloud", "алибаба клауд", "阿里云"),
    "Tencent Cloud": ("tencent cloud", "腾讯云"),
    "AWS": ("aws", "amazon web services", "亚马逊云"),
    "iCloud": ("icloud", "айклауд"),
    "Yandex": ("yandex", "яндекс", "яндекс почта"),
    "Mail.ru": ("mail.ru", "мейл ру", "мэйл ру"),
    "WhatsApp": ("whatsapp", "ватсап", "вотсап"),
    "Baidu": ("baidu", "百度", "百度网盘"),
    "Alipay": ("alipay", "支付宝"),
    "GitHub": ("github", "гитхаб"),
    "Dropbox": ("dropbox", "дропбокс"),
    "1C": ("1с", "1c"),
}
# What Chinese- and Russian-speaking customers call some of them.
_LOCAL_NAMES: dict[str, dict[str, str]] = {
    "WeChat": {"zh": "微信"},
    "WeCom": {"zh": "企业微信"},
    "DingTalk": {"zh": "钉钉"},
    "Feishu (Lark)": {"zh": "飞书"},
    "Tencent Meeting": {"zh": "腾讯会议"},
    "Alibaba Cloud": {"zh": "阿里云"},
    "Tencent Cloud": {"zh": "腾讯云"},
    "NetEase Mail (163/126)": {"zh": "网易邮箱"},
    "Baidu": {"zh": "百度"},
    "Alipay": {"zh": "支付宝"},
    "Yandex": {"ru": "Яндекс"},
}
_CJK = re.compile(r"[\u4e00-\u9fff]")
_WORD = r"[0-9a-z_\u0400-\u04ff]"
_BY_LENGTH = sorted(
    ((word, name) for name, words in _ELSEWHERE.items() for word in words),
    key=lambda pair: -len(pair[0]),
)


def _found(word: str, lowered: str) -> bool:
    if _CJK.search(word):
        return word in lowered
    return re.search(rf"(?<!{_WORD}){re.escape(word)}(?!{_WORD})", lowered) is not None


def service_elsewhere(text: str, lang: str = "en") -> str | None:
    """The name, as a ``lang`` reader knows it, of the outside service ``text`` names
    (typed in any of the ways :func:`~bot.services.health.mentions.readings` knows)."""
    for reading in readings(text):
        lowered = reading.lower()
        found = next((name for word, name in _BY_LENGTH if _found(word, lowered)), None)
        if found is not None:
            return _LOCAL_NAMES.get(found, {}).get(lang, found)
    return None
