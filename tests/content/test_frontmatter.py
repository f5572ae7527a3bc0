from sana_archive.content.frontmatter import decode, split_front_matter


def test_split_yaml_front_matter_and_body_line():
    split = split_front_matter("---\ntitle: T\n---\nBody line\n", "a.md")
    assert split.meta == {"title": "T"}
    assert split.body == "Body line\n"
    assert split.body_line == 4
    assert split.key_lines == {"title": 2}


def test_no_front_matter_is_all_body():
    split = split_front_matter("Moscow, SANA – text\n", "a.txt")
    assert split.meta is None and split.body.startswith("Moscow") and split.body_line == 1


def test_unclosed_front_matter_reads_its_fields_and_keeps_the_story():
    split = split_front_matter("---\ntitle: T\nspeakers:\n  - A\nbody text\n", "a.md")
    assert split.meta == {"title": "T", "speakers": ["A"]}
    assert split.body == "body text\n" and split.body_line == 5
    (error,) = split.diagnostics
    assert (error.line, error.col, error.level) == (1, 1, "error")
    assert "never closed; lines 2-4 were read as front matter and the story from line 5" in (
        error.message
    )


def test_a_headline_with_a_colon_is_not_taken_for_a_field():
    split = split_front_matter("---\nLavrov: talks go on\n\nMoscow, SANA – Text.\n", "a.md")
    assert split.meta is None and split.body.startswith("Lavrov: talks go on")
    assert "story is read from line 2" in split.diagnostics[0].message


def test_a_rule_inside_the_story_is_not_the_closing_fence():
    """Scrapes put "---" above the sidebar: the story before it must not become YAML."""
    text = "---\nsource_url: https://x.org/1\nMoscow, SANA – Story.\n\n---\nCheck Also\nTeaser\n"
    split = split_front_matter(text, "a.md")
    assert split.meta == {"source_url": "https://x.org/1"}
    assert split.body.startswith("Moscow, SANA – Story.") and "Check Also" in split.body
    assert "never closed" in split.diagnostics[0].message


def test_toml_front_matter_is_an_error_not_a_crash():
    split = split_front_matter('+++\ntitle = "T"\n+++\nBody\n', "a.md")
    assert split.body.strip() == "Body"
    assert "TOML" in split.diagnostics[0].message


def test_yaml_error_position_is_in_file_coordinates():
    split = split_front_matter("---\ntitle: T\ndate: [\n---\nBody\n", "a.md")
    assert split.diagnostics and split.diagnostics[0].line >= 3


def test_decode_bom_crlf_and_line_separators():
    text, problems = decode("\ufeffa\r\nb\u2028c".encode(), "a.txt")
    assert text == "a\nb\nc" and problems == []


def test_undeclared_non_utf8_is_a_located_error_not_a_guess():
    text, problems = decode("line one\nQuote \u201cx\u201d".encode("cp1252"), "a.txt")
    assert text is None
    (error,) = problems
    assert (error.line, error.col, error.level) == (2, 7, "error")
    assert "not UTF-8 (byte 0x93); not published" in error.message


def test_a_declared_encoding_is_used():
    data = "---\nencoding: windows-1252\n---\nQuote \u201cx\u201d".encode("cp1252")
    text, problems = decode(data, "a.txt")
    assert text == "---\nencoding: windows-1252\n---\nQuote \u201cx\u201d" and problems == []
    text, problems = decode(b"---\nencoding: klingon\n---\nx\xff", "a.txt")
    assert text is None and (problems[0].line, problems[0].level) == (2, "error")


def test_utf16_and_utf32_with_a_byte_order_mark_are_decoded():
    story = "---\ntitle: Fayçal\n---\r\nDamascus – “quoted” 北京\n"
    for codec in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
        bom = "\ufeff".encode(codec)
        text, problems = decode(bom + story.encode(codec), "a.txt")
        assert text == story.replace("\r\n", "\n") and problems == [], codec


def test_binary_is_refused():
    text, problems = decode(bytes(range(256)) * 4, "a.txt")
    assert text is None and problems[0].level == "error"


def test_a_byte_the_declared_encoding_cannot_read_is_a_located_error():
    data = b"---\nencoding: ascii\n---\nline\nQuote \x93x\x94"
    text, problems = decode(data, "a.txt")
    assert text is None
    (error,) = problems
    assert (error.line, error.col, error.level) == (5, 7, "error")
    assert error.message == "byte 0x93 is not ascii (as line 2 declares); not published"
