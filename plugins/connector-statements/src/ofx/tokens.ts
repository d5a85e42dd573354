/**
 * One reader for both OFX dialects: 1.x is SGML, where elements holding a value need no closing tag
 * (`<TRNAMT>-12.30`), and 2.x is XML, where they have one. An element followed by text is a value
 * element, closed by the next tag (its own closing tag, when present, is consumed); an element
 * followed by a tag is an aggregate and must be closed explicitly in both dialects.
 */
import type { XmlElement } from '../xml-tree';

const entities: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X'))
      return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return entities[name.toLowerCase()] ?? whole;
  });
}

export function readOfxElements(
  text: string,
  firstLine: number,
): { root: XmlElement } | { errors: { line: number; message: string }[] } {
  const errors: { line: number; message: string }[] = [];
  const top: XmlElement = {
    name: '',
    namespace: '',
    attributes: {},
    children: [],
    text: '',
    line: 0,
    path: '',
  };
  const stack: XmlElement[] = [top];
  const counts: Map<string, number>[] = [new Map()];
  let lastValueElement: XmlElement | undefined;
  let line = firstLine;
  let index = 0;

  const advanceTo = (end: number): void => {
    for (let i = index; i < end; i += 1) if (text.charCodeAt(i) === 10) line += 1;
    index = end;
  };
  const open = (name: string, value: string, tagLine: number): XmlElement => {
    const parent = stack.at(-1)!;
    const siblings = counts.at(-1)!;
    const position = (siblings.get(name) ?? 0) + 1;
    siblings.set(name, position);
    const element: XmlElement = {
      name,
      namespace: '',
      attributes: {},
      children: [],
      text: value,
      line: tagLine,
      path: parent.path ? `${parent.path}/${name}[${position}]` : name,
    };
    parent.children.push(element);
    return element;
  };

  while (index < text.length) {
    const lt = text.indexOf('<', index);
    if (lt < 0) {
      if (text.slice(index).trim() !== '')
        errors.push({ line, message: 'text after the end of the OFX data' });
      break;
    }
    if (text.slice(index, lt).trim() !== '') {
      errors.push({
        line,
        message: `text ${JSON.stringify(text.slice(index, lt).trim().slice(0, 40))} outside any element`,
      });
    }
    advanceTo(lt);
    if (text.startsWith('<!--', index)) {
      const end = text.indexOf('-->', index);
      advanceTo(end < 0 ? text.length : end + 3);
      continue;
    }
    if (text.startsWith('<?', index)) {
      const end = text.indexOf('?>', index);
      advanceTo(end < 0 ? text.length : end + 2);
      continue;
    }
    const gt = text.indexOf('>', index);
    const nextLt = text.indexOf('<', index + 1);
    if (gt < 0 || (nextLt >= 0 && nextLt < gt)) {
      errors.push({ line, message: 'a tag is not closed with ">"' });
      advanceTo(nextLt < 0 ? text.length : nextLt);
      continue;
    }
    const tagLine = line;
    const tag = text.slice(index + 1, gt).trim();
    advanceTo(gt + 1);
    const closing = tag.startsWith('/');
    const name = (closing ? tag.slice(1) : tag).trim().toUpperCase();
    if (!/^[A-Z][A-Z0-9.]*$/.test(name)) {
      errors.push({ line: tagLine, message: `<${tag}> is not an OFX tag` });
      continue;
    }
    if (closing) {
      if (lastValueElement?.name === name) {
        lastValueElement = undefined;
        continue;
      }
      lastValueElement = undefined;
      const depth = stack.findLastIndex((element) => element.name === name);
      if (depth <= 0) {
        errors.push({ line: tagLine, message: `</${name}> closes an element that is not open` });
        continue;
      }
      for (const unclosed of stack.slice(depth + 1)) {
        errors.push({
          line: unclosed.line,
          message: `<${unclosed.name}> opened on line ${unclosed.line} is not closed before </${name}> on line ${tagLine}`,
        });
      }
      stack.length = depth;
      counts.length = depth;
      continue;
    }
    const valueEnd = text.indexOf('<', index);
    const raw = text.slice(index, valueEnd < 0 ? text.length : valueEnd);
    const value = decodeEntities(raw.trim());
    if (value !== '') {
      lastValueElement = open(name, value, tagLine);
      advanceTo(valueEnd < 0 ? text.length : valueEnd);
    } else {
      lastValueElement = undefined;
      stack.push(open(name, '', tagLine));
      counts.push(new Map());
    }
  }
  for (const unclosed of stack.slice(1)) {
    errors.push({
      line: unclosed.line,
      message: `<${unclosed.name}> opened on line ${unclosed.line} is never closed`,
    });
  }
  const root = top.children[0];
  if (errors.length > 0) return { errors };
  if (!root || root.name !== 'OFX')
    return { errors: [{ line: firstLine, message: 'the file has no <OFX> element' }] };
  return { root };
}
