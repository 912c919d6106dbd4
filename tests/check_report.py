"""Checks an HTML report written by `loupe-cli report`: it parses as XML (xml.etree) and as HTML
(html.parser), holds no script element, event handler or reference to anything outside the file,
has the report's sections and an inline SVG per chart, and shows each expected string as text.

Usage: check_report.py REPORT.html EXPECTED_TEXT...   (exit 0 when every check passes)
"""
import html.parser
import re
import sys
import xml.etree.ElementTree as ET

SECTIONS = ["Dataset", "Preprocessing", "Model card", "Training curves", "Metrics", "SHAP"]


class Collector(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)


def main():
    path, expected = sys.argv[1], sys.argv[2:]
    with open(path, encoding="utf-8") as f:
        source = f.read()
    problems = []

    root = ET.fromstring(source)  # raises on anything that is not well-formed
    local = lambda name: name.split("}")[-1].lower()
    for element in root.iter():
        if local(element.tag) in ("script", "iframe", "object", "embed", "link", "img"):
            problems.append(f"<{local(element.tag)}> element")
        for key, value in element.attrib.items():
            name = local(key)
            if name.startswith("on"):
                problems.append(f"event handler attribute {name}")
            # url(#id) points inside the page (an SVG gradient); any other url( fetches.
            if name in ("src", "href") or re.search(r"url\((?!#)", value):
                problems.append(f"reference {name}={value!r}")
    # The namespace names are identifiers, never fetched; any other http(s) would be a reference.
    without_namespaces = re.sub(r'\sxmlns(:\w+)?="[^"]*"', "", source)
    if re.search(r"https?:", without_namespaces) or "@import" in source:
        problems.append("an external URL")

    parser = Collector()
    parser.feed(source)
    parser.close()
    if any(tag == "script" for tag, _ in parser.tags):
        problems.append("html.parser found a <script> tag")
    text = "".join(parser.text)
    headings = [t.strip() for t in re.findall(r"<h2>(.*?)</h2>", source)]
    for section in SECTIONS:
        if not any(h.startswith(section) for h in headings):
            problems.append(f"no section {section!r} (sections: {headings})")
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    if len(ids) != len(set(ids)):
        problems.append("an id used twice (two charts' gradients would clash)")
    svgs = [e for e in root.iter() if local(e.tag) == "svg"]
    if len(svgs) < 4:
        problems.append(f"only {len(svgs)} inline SVG charts")
    for wanted in expected:
        if wanted not in text:
            problems.append(f"{wanted!r} is not in the text")

    if problems:
        print(f"{path}: " + "; ".join(problems))
        return 1
    print(f"{path}: well-formed, {len(headings)} sections, {len(svgs)} SVG charts, "
          f"{len(expected)} expected strings found as text")
    return 0


if __name__ == "__main__":
    sys.exit(main())
