"""Test data: a small KB and a config that refers to it."""

from __future__ import annotations

import textwrap
from pathlib import Path

ARTICLES = {
    "account/reset-password.md": """\
        ---
        title: Reset a forgotten password
        category: account
        aliases: [I forgot my password, can't sign in password]
        ---
        # Reset a forgotten password

        If you forgot your password you can reset it yourself from the sign-in page.

        ## Reset it yourself

        1. Open the Portal sign-in page and choose **Forgot password**.
        2. Enter your work e-mail address and the code we send you.
        3. Choose a new password of at least 12 characters.

        ## When the e-mail with the code does not arrive

        Check the junk folder, then ask your administrator to do it for you.
        """,
    "connectivity/vpn.md": """\
        ---
        title: Cannot connect to the VPN
        category: technical
        ---
        # Cannot connect to the VPN

        ## Check the VPN client

        Make sure the VPN client is up to date and that your clock is correct; certificate checks
        fail when the time is wrong. Restart the tunnel from the tray icon.
        """,
    "billing/invoice.md": """\
        # How to read your invoice

        Your monthly invoice lists every subscription, the number of licenses and the period.

        ## Proration

        Licenses added in the middle of a billing cycle are charged for the remaining days only.
        """,
    "technical/heron-ports.md": """\
        ---
        title: Ports the heron sync agent needs
        category: technical
        ---
        # Ports the heron sync agent needs

        ## Open these ports

        The **heron sync agent** talks to the cloud over these ports:

        | Port | Protocol | Direction |
        |------|----------|-----------|
        | 443 | HTTPS | outbound |
        | 8883 | MQTT over TLS | outbound |

        - Allow them on the *perimeter* first.
        - Then restart the agent: `heron restart`.

        Its licences are on [your invoice](../billing/invoice.md); outages on the
        [status page](https://status.example.com/heron?a=1&b=2).
        """,
    "ru/account/reset-password.md": """\
        ---
        title: Сброс забытого пароля
        lang: ru
        ---
        # Сброс забытого пароля

        ## Как сбросить пароль самостоятельно

        Откройте страницу входа в портал, нажмите «Забыли пароль», введите рабочий адрес
        электронной почты и код из письма, затем придумайте новый пароль.
        """,
    "zh/account/reset-password.md": """\
        ---
        title: 重置忘记的密码
        lang: zh
        ---
        # 重置忘记的密码

        ## 自行重置密码

        打开门户登录页面，点击"忘记密码"，输入您的工作邮箱地址和收到的验证码，然后设置新密码。
        """,
}

CONFIG = """\
    reseller:
      name: Test Reseller
      timezone: Europe/Moscow
    database_url: sqlite:///var/test.db
    knowledge_base:
      path: kb
      min_confidence: 0.35
      reload_seconds: 0
      url_base: https://kb.test.example/
    services:
      - {id: mail, name: Mail, keywords: [email, outlook]}
      - id: vpn
        name: VPN gateway
        status: degraded
        note: Tunnels drop in Moscow.
        keywords: [vpn]
      - {id: vms, name: Virtual machines}
    customers:
      - id: acme
        name: Acme
        services: [mail, vpn]
        channels: [{platform: slack, id: C_ACME}, {platform: telegram, id: "-100"}]
      - id: globex
        name: Globex
        language: ru
        tier: basic
        services: [vms]
        channels: [{platform: slack, id: C_GLOBEX}]
    engineers_channels: [{platform: slack, id: C_ENG}]
    managers_channels: [{platform: slack, id: C_MGMT}]
    sla:
      warn_at: 0.75
      calendars:
        moscow_office:
          timezone: Europe/Moscow
          hours:
            mon: "09:00-18:00"
            tue: "09:00-18:00"
            wed: "09:00-18:00"
            thu: "09:00-18:00"
            fri: "09:00-18:00"
          holidays: [2026-12-31]
      policies:
        - name: office-hours
          tiers: [basic]
          calendar: moscow_office
          first_response: {A: 2h, B: 4h, C: 8h}
          resolution: {A: 1d, B: 3d, C: 5d}
        - name: default
          first_response: {A: 2h, B: 4h, C: 8h}
          resolution: {A: 1d, B: 3d, C: 5d}
    upstream:
      name: vianet
      display_name: 21Vianet
      kind: manual
      portal_url: https://portal.provider.example/support
      contact: {name: Test Reseller NOC, email: noc@reseller.example, phone: "+7 495 000 00 00"}
    staff:
      - id: alice
        name: Alice
        role: engineer
        identities: [{platform: slack, id: U_ALICE}]
      - id: maria
        name: Maria
        role: manager
        identities: [{platform: slack, id: U_MARIA}]
    """


def with_conversation_chats(config: str) -> str:
    """The test config plus what conversation tests need: a Chinese-speaking customer
    (huaxia: Slack C_HUAXIA, Telegram -300) and an acme Slack channel where the bot
    answers only when addressed (C_ACME_ASK)."""
    acme = '[{platform: slack, id: C_ACME}, {platform: telegram, id: "-100"}'
    quiet = ", {platform: slack, id: C_ACME_ASK, answers: addressed}"
    huaxia = """
      - id: huaxia
        name: Huaxia Trading
        language: zh
        services: [mail]
        channels: [{platform: slack, id: C_HUAXIA}, {platform: telegram, id: "-300"}]
    """
    config = config.replace(acme, acme + quiet, 1)
    staff_channels = "    engineers_channels:"
    return config.replace(staff_channels, huaxia.strip("\n") + "\n" + staff_channels, 1)


def write_conversation_config(folder: Path) -> Path:
    """The shipped test KB and :func:`with_conversation_chats`' config, written to ``folder``
    (for the ``config_file`` fixture of tests that talk in those chats)."""
    write_kb(folder / "kb")
    path = folder / "supportbot.yml"
    path.write_text(textwrap.dedent(with_conversation_chats(CONFIG)), encoding="utf-8")
    return path


def write_kb(folder: Path, articles: dict[str, str] = ARTICLES) -> Path:
    for rel, text in articles.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return folder
