/**
 * A small element tree over the `saxes` XML parser, with the line each element starts on and its path
 * (`Document/BkToCstmrStmt/Stmt[1]/Ntry[3]/Amt`), so mapping errors point into the file like XSD errors do.
 */
import { SaxesParser } from 'saxes';
import type { Problems } from './problems';

export interface XmlElement {
  /** Local name (without namespace prefix). */
  readonly name: string;
  readonly namespace: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  /** Text directly inside the element, trimmed. */
  text: string;
  readonly line: number;
  readonly path: string;
}

export function parseXmlTree(
  text: string,
): { root: XmlElement } | { errors: { line: number; message: string }[] } {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const errors: { line: number; message: string }[] = [];
  const stack: XmlElement[] = [];
  const counts: Map<string, number>[] = [new Map()];
  let root: XmlElement | undefined;

  parser.on('error', (error) => {
    errors.push({ line: parser.line, message: error.message.replace(/^\d+:\d+: /, '') });
  });
  parser.on('opentag', (tag) => {
    const parent = stack.at(-1);
    const siblings = counts.at(-1)!;
    const index = (siblings.get(tag.local) ?? 0) + 1;
    siblings.set(tag.local, index);
    const attributes: Record<string, string> = {};
    for (const attribute of Object.values(tag.attributes)) {
      if (attribute.prefix !== 'xmlns' && attribute.name !== 'xmlns')
        attributes[attribute.local] = attribute.value;
    }
    const element: XmlElement = {
      name: tag.local,
      namespace: tag.uri,
      attributes,
      children: [],
      text: '',
      line: parser.line,
      path: parent ? `${parent.path}/${tag.local}[${index}]` : tag.local,
    };
    if (parent) parent.children.push(element);
    else root ??= element;
    stack.push(element);
    counts.push(new Map());
  });
  parser.on('text', (chunk) => {
    const current = stack.at(-1);
    if (current) current.text += chunk;
  });
  parser.on('cdata', (chunk) => {
    const current = stack.at(-1);
    if (current) current.text += chunk;
  });
  parser.on('closetag', () => {
    const element = stack.pop();
    counts.pop();
    if (element) element.text = element.text.trim();
  });
  try {
    parser.write(text).close();
  } catch (error) {
    errors.push({ line: parser.line, message: error instanceof Error ? error.message : String(error) });
  }
  if (errors.length > 0 || !root)
    return { errors: errors.length > 0 ? errors : [{ line: 1, message: 'the file has no XML element' }] };
  return { root };
}

/** The first child named `name`, following a path of names (`child(stmt, 'Acct', 'Id', 'IBAN')`). */
export function child(element: XmlElement | undefined, ...names: string[]): XmlElement | undefined {
  let current = element;
  for (const name of names) current = current?.children.find((candidate) => candidate.name === name);
  return current;
}

export function children(element: XmlElement | undefined, name: string): XmlElement[] {
  return element?.children.filter((candidate) => candidate.name === name) ?? [];
}

export function textOf(element: XmlElement | undefined, ...names: string[]): string | undefined {
  const found = child(element, ...names);
  return found && found.text !== '' ? found.text : undefined;
}

/** Paths without the `[1]` of elements that occur once, for messages people read. */
export function readablePath(path: string): string {
  return path.replace(/\[1\]/g, '');
}

/** Reports a problem at an element: its line, its path as the field, both in the message. */
export function problemAt(problems: Problems): (element: XmlElement, message: string) => void {
  return (element, message) => {
    const path = readablePath(element.path);
    problems.add(element.line, path, `line ${element.line}, ${path}: ${message}`);
  };
}
