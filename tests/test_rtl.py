"""Page styles: right to left for Arabic only, shared classes for every language."""

from ui.styles import direction_css


def test_direction_css_is_right_to_left_only_for_arabic():
    arabic = direction_css("ar")
    assert arabic.startswith("<style>") and arabic.endswith("</style>")
    assert "direction: rtl" in arabic
    assert "flex-direction: row-reverse" in arabic
    assert "Noto Sans Arabic" in arabic
    assert "unicode-bidi: plaintext" in arabic
    for lang in ("fr", "en"):
        css = direction_css(lang)
        assert "direction: rtl" not in css and "row-reverse" not in css
        assert ".marsad-signout" in css
