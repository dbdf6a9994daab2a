"""bcrypt hashing (cost 12 in production) and the same-origin guard on `next=` targets."""

from __future__ import annotations

import ast
import inspect

import bcrypt
import pytest

from workflow_app.accounts.domain import passwords
from workflow_app.accounts.domain.redirects import safe_next

# --- passwords -------------------------------------------------------------------------------


def _module_constant(module, name: str):
    tree = ast.parse(inspect.getsource(module))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{name} is not assigned in {module.__name__}")


def test_production_hashes_use_bcrypt_cost_12():
    # conftest lowers the attribute at runtime for speed; the source is what production runs.
    assert _module_constant(passwords, "BCRYPT_COST") == 12


def test_a_hash_made_at_the_production_cost_is_a_cost_12_bcrypt_hash(monkeypatch):
    monkeypatch.setattr(passwords, "BCRYPT_COST", 12)

    hashed = passwords.hash_password("Passw0rdOK")

    assert hashed.startswith("$2b$12$")
    assert passwords.verify_password("Passw0rdOK", hashed)


def test_hashing_the_same_password_twice_gives_different_salted_hashes():
    first, second = passwords.hash_password("Passw0rdOK"), passwords.hash_password("Passw0rdOK")

    assert first != second
    assert "Passw0rdOK" not in first


def test_the_right_password_verifies_and_a_wrong_one_does_not():
    hashed = passwords.hash_password("Passw0rdOK")

    assert passwords.verify_password("Passw0rdOK", hashed) is True
    assert passwords.verify_password("passw0rdOK", hashed) is False
    assert passwords.verify_password("", hashed) is False


def test_non_ascii_passwords_round_trip():
    hashed = passwords.hash_password("Pässwörd1€")

    assert passwords.verify_password("Pässwörd1€", hashed)
    assert not passwords.verify_password("Passwort1€", hashed)


def test_a_password_longer_than_72_bytes_never_verifies():
    stem = "A1" + "x" * 70  # exactly 72 bytes: bcrypt would ignore anything after it
    hashed = bcrypt.hashpw(stem.encode(), bcrypt.gensalt(4)).decode()

    assert passwords.verify_password(stem, hashed) is True
    assert passwords.verify_password(stem + "y", hashed) is False
    assert passwords.verify_password("A1" + "x" * 69 + "é", hashed) is False  # 73 bytes


@pytest.mark.parametrize("password", ["Passw0rdOK", "", "anything at all"])
def test_no_hash_never_verifies(password):
    assert passwords.verify_password(password, None) is False


@pytest.mark.parametrize("garbage", ["", "not-a-bcrypt-hash", "$2b$12$tooshort"])
def test_a_malformed_hash_does_not_verify(garbage):
    assert passwords.verify_password("Passw0rdOK", garbage) is False


def test_no_hash_never_verifies_even_for_the_dummy_hash_secret():
    assert passwords.verify_password("not-a-password", None) is False


def test_the_dummy_hash_costs_as_much_as_a_real_hash(monkeypatch):
    monkeypatch.setattr(passwords, "BCRYPT_COST", _module_constant(passwords, "BCRYPT_COST"))
    assert passwords._dummy_hash().startswith(f"$2b${_module_constant(passwords, 'BCRYPT_COST'):02d}$".encode())


# --- redirects -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    ["/", "/settings", "/ideas?page=2", "/ideas/abc/edit", "/admin/audit?actor=x&from=2026-01-01#top"],
)
def test_a_same_origin_path_is_followed(target):
    assert safe_next(target) == target


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.com",
        "http://evil.com/settings",
        "//evil.com",
        "//evil.com/settings",
        "/\\evil.com",
        "\\\\evil.com",
        "/\\/evil.com",
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "settings",
        "evil.com/settings",
        "/\tevil.com",
        "/\n/evil.com",
        "/\x00",
        "",
        None,
    ],
)
def test_anything_that_could_leave_the_site_goes_home(target):
    assert safe_next(target) == "/"
