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


def test_unclosed_front_matter_keeps_the_text_and_reports_line_1():
    split = split_front_matter("---\ntitle: T\nbody text\n", "a.md")
    assert split.meta is None
    assert "title: T" in split.body
    assert split.diagnostics[0].line == 1 and "never closed" in split.diagnostics[0].message


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


def test_decode_cp1252_with_a_located_warning():
    text, problems = decode("line one\nQuote \u201cx\u201d".encode("cp1252"), "a.txt")
    assert text == "line one\nQuote \u201cx\u201d"
    assert problems[0].line == 2 and "cp1252" in problems[0].message


def test_binary_is_refused():
    text, problems = decode(bytes(range(256)) * 4, "a.txt")
    assert text is None and problems[0].level == "error"
