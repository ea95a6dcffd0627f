"""The report by email: a ready-to-send .eml file, or delivery through SMTP with the 参数 settings.

Settings (参数 【基本设置】): 发件服务器 (host), 发件端口 (port), 加密方式 (security:
SSL, STARTTLS or 无), 发件人 (sender), 收件人 (recipients, separated by 、 ; ,),
发件账号 (user). The password is never stored in the workbook: it is read
from the environment variable DUBAN_SMTP_PASSWORD.
"""

from __future__ import annotations

import mimetypes
import os
import re
import smtplib
import socket
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any

from duban.errors import DubanError
from duban.model import text
from duban.outputs import refuse_overwrite

PASSWORD_ENV = "DUBAN_SMTP_PASSWORD"
TIMEOUT = 20
SECURITY = {"SSL": "SSL", "TLS": "SSL", "STARTTLS": "STARTTLS", "无": "无", "NONE": "无", "不加密": "无", "": "SSL"}
_SPLIT = re.compile(r"[、;；,，\s]+")
WHERE = "参数表【基本设置】"


class MailFailed(DubanError):
    """The message could not be sent; the exported files stay in place."""


def recipients(value: Any) -> list[str]:
    return [p for p in _SPLIT.split(text(value)) if p]


def build_message(smtp: dict[str, Any], subject: str, body: str, attachments: list[Path]) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = subject
    sender = text(smtp.get("sender"))
    if sender:
        msg["From"] = sender
    to = recipients(smtp.get("recipients"))
    if to:
        msg["To"] = ", ".join(to)
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1] if "@" in sender else None)
    msg.set_content(body)
    for path in attachments:
        ctype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix.lower() == ".xlsx":
            ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        maintype, subtype = ctype.split("/", 1)
        msg.add_attachment(path.read_bytes(), maintype=maintype, subtype=subtype, filename=path.name)
    return msg


def write_eml(msg: EmailMessage, path: Path) -> Path:
    """Save the message; 'X-Unsent: 1' makes Outlook open it as a draft ready to send."""
    msg["X-Unsent"] = "1"
    try:
        refuse_overwrite(path)
        path.write_bytes(msg.as_bytes())
    finally:
        del msg["X-Unsent"]
    return path


def _port(smtp: dict[str, Any], security: str) -> int:
    raw = text(smtp.get("port"))
    if not raw:
        return {"SSL": 465, "STARTTLS": 587}.get(security, 25)
    try:
        port = int(float(raw))
    except ValueError:
        port = 0
    if not 0 < port < 65536:
        raise MailFailed(f"{WHERE}中“发件端口”“{raw}”不是有效端口，请填写数字（SSL 常用 465，STARTTLS 常用 587）")
    return port


def check_settings(smtp: dict[str, Any]) -> tuple[str, int, str, str, list[str], str]:
    """(host, port, security, sender, recipients, user) or MailFailed naming what to fill in."""
    host = text(smtp.get("host"))
    sender = text(smtp.get("sender"))
    to = recipients(smtp.get("recipients"))
    missing = [label for label, v in (("发件服务器", host), ("发件人", sender), ("收件人", to)) if not v]
    if missing:
        raise MailFailed(f"{WHERE}中“{'”“'.join(missing)}”未填写，无法发送邮件。请填写后重试")
    raw_security = text(smtp.get("security"))
    security = SECURITY.get(raw_security.upper() if raw_security.isascii() else raw_security)
    if security is None:
        raise MailFailed(f"{WHERE}中“加密方式”“{raw_security}”无法识别，请填写 SSL、STARTTLS 或 无")
    return host, _port(smtp, security), security, sender, to, text(smtp.get("user"))


def send(smtp: dict[str, Any], msg: EmailMessage, timeout: float = TIMEOUT) -> list[str]:
    """Send ``msg`` with the 参数 settings; returns the recipients. Raises MailFailed in Chinese."""
    host, port, security, sender, to, user = check_settings(smtp)
    password = os.environ.get(PASSWORD_ENV, "")
    if user and not password:
        raise MailFailed(f"已填写“发件账号”，但没有设置环境变量 {PASSWORD_ENV}（发件密码），无法登录发件服务器。"
                         "请设置该环境变量后重试")
    where = f"{host}:{port}"
    try:
        if security == "SSL":
            server: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=timeout,
                                                    context=ssl.create_default_context())
        else:
            server = smtplib.SMTP(host, port, timeout=timeout)
        with server:
            if security == "STARTTLS":
                server.starttls(context=ssl.create_default_context())
            if user:
                server.login(user, password)
            server.send_message(msg, from_addr=sender, to_addrs=to)
    except smtplib.SMTPAuthenticationError:
        raise MailFailed(f"发件服务器 {where} 拒绝登录（账号或密码不对）。请检查“发件账号”和环境变量 "
                         f"{PASSWORD_ENV}") from None
    except smtplib.SMTPRecipientsRefused as exc:
        raise MailFailed(f"发件服务器拒收以下收件人：{'、'.join(exc.recipients)}。请检查{WHERE}中的“收件人”") from None
    except smtplib.SMTPSenderRefused:
        raise MailFailed(f"发件服务器拒绝以“{sender}”的名义发信。请检查“发件人”是否与“发件账号”一致") from None
    except smtplib.SMTPNotSupportedError:
        raise MailFailed(f"发件服务器 {where} 不支持 STARTTLS 或登录。请检查“加密方式”和端口") from None
    except ConnectionRefusedError:
        raise MailFailed(f"无法连接发件服务器 {where}（连接被拒绝）。请检查{WHERE}中的“发件服务器”“发件端口”，"
                         "以及本机网络能否访问该端口") from None
    except socket.gaierror:
        raise MailFailed(f"找不到发件服务器“{host}”。请检查服务器地址和网络连接") from None
    except TimeoutError:
        raise MailFailed(f"连接发件服务器 {where} 超时（{timeout:g} 秒）。请检查网络，或稍后再试") from None
    except ssl.SSLError:
        raise MailFailed(f"与发件服务器 {where} 建立加密连接失败。请检查“加密方式”与端口是否匹配"
                         "（SSL 常用 465，STARTTLS 常用 587）") from None
    except (smtplib.SMTPException, OSError) as exc:
        raise MailFailed(f"发送邮件失败（{where}）：{type(exc).__name__} {exc}。请检查发件设置后重试") from None
    return to
