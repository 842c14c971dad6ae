/**
 * A small XML well-formedness check (enough for SVG from Graphviz): one root element, tags
 * balanced and properly nested, attributes quoted and not repeated, entities known, no stray '<'
 * or '&'. Returns the element names in document order; throws with the offset of the first error.
 */
export function checkWellFormedXml(xml: string): string[] {
  const names: string[] = [];
  const open: string[] = [];
  let roots = 0;
  let i = 0;
  const fail = (what: string): never => {
    throw new Error(`not well-formed XML at offset ${i}: ${what} (near ${JSON.stringify(xml.slice(i, i + 40))})`);
  };
  const checkText = (text: string) => {
    if (text.includes("<")) fail("stray '<'");
    for (const m of text.matchAll(/&([^;\s]*);?/g))
      if (!/^(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+)$/.test(m[1]!) || !m[0].endsWith(";")) fail(`bad entity ${m[0]}`);
  };
  while (i < xml.length) {
    const lt = xml.indexOf("<", i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    if (open.length === 0 && text.trim() !== "") fail("text outside the root element");
    checkText(text);
    if (lt < 0) break;
    i = lt;
    if (xml.startsWith("<?", i)) {
      const end = xml.indexOf("?>", i);
      if (end < 0) fail("unterminated processing instruction");
      i = end + 2;
    } else if (xml.startsWith("<!--", i)) {
      const end = xml.indexOf("-->", i);
      if (end < 0) fail("unterminated comment");
      i = end + 3;
    } else if (xml.startsWith("<!DOCTYPE", i)) {
      const end = xml.indexOf(">", i);
      if (end < 0 || open.length > 0 || roots > 0) fail("misplaced DOCTYPE");
      i = end + 1;
    } else if (xml.startsWith("<![CDATA[", i)) {
      const end = xml.indexOf("]]>", i);
      if (end < 0) fail("unterminated CDATA");
      i = end + 3;
    } else if (xml.startsWith("</", i)) {
      const m = /^<\/([A-Za-z_][\w.:-]*)\s*>/.exec(xml.slice(i));
      if (m === null) fail("bad end tag");
      if (open.pop() !== m![1]) fail(`end tag </${m![1]}> does not match the open element`);
      i += m![0].length;
    } else {
      const m = /^<([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/.exec(xml.slice(i));
      if (m === null) fail("bad start tag");
      const attrs = [...m![2]!.matchAll(/([A-Za-z_][\w.:-]*)\s*=\s*("[^"]*"|'[^']*')/g)];
      const seen = new Set<string>();
      for (const a of attrs) {
        if (seen.has(a[1]!)) fail(`repeated attribute ${a[1]}`);
        seen.add(a[1]!);
        checkText(a[2]!.slice(1, -1));
      }
      if (open.length === 0) roots++;
      if (roots > 1) fail("more than one root element");
      names.push(m![1]!);
      if (m![3] !== "/") open.push(m![1]!);
      i += m![0].length;
    }
  }
  if (open.length > 0) fail(`unclosed <${open[open.length - 1]}>`);
  if (roots !== 1) fail("no root element");
  return names;
}
