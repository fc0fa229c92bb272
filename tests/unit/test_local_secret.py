"""The local installation's signing secret: the variable when set, else one generated at random
and kept (0600) so `up` and `token` agree; never a constant in the source."""

import stat

from deploy.local import stack


def test_a_random_secret_per_installation_kept_private(tmp_path, monkeypatch):
    monkeypatch.delenv("ONEWINDOW_JWT_SECRET", raising=False)
    monkeypatch.setattr(stack, "SECRET_FILE", tmp_path / "jwt-secret")
    first = stack.installation_secret()
    assert len(first) >= 48 and stack.installation_secret() == first
    assert stat.S_IMODE((tmp_path / "jwt-secret").stat().st_mode) == 0o600
    monkeypatch.setattr(stack, "SECRET_FILE", tmp_path / "other")
    assert stack.installation_secret() != first  # another installation, another secret
    monkeypatch.setenv("ONEWINDOW_JWT_SECRET", "from-the-environment-" * 3)
    assert stack.installation_secret() == "from-the-environment-" * 3
