/** XSD validation of camt.053 files with libxml2 (xmllint compiled to WebAssembly, `xmllint-wasm`). */
import { validateXML } from 'xmllint-wasm';
import { type CamtSchemas, type CamtVersion } from './schemas';

export interface XsdProblem {
  readonly line?: number;
  readonly field?: string;
  readonly message: string;
}

/**
 * Validates `xml` against the official schema of its version; returns every schema violation with its
 * line and element, in words a customer can act on (namespaces stripped from element names).
 */
export async function validateCamtXsd(
  xml: string,
  version: CamtVersion,
  schemas: CamtSchemas,
): Promise<XsdProblem[]> {
  const schemaName = `camt.053.001.${version}.xsd`;
  const result = await validateXML({
    xml: { fileName: 'statement.xml', contents: xml },
    schema: { fileName: schemaName, contents: schemas[version] },
    // Statement files of a few MB need more than the default 32 MiB.
    maxMemoryPages: 16 * 512,
  });
  if (result.valid) return [];
  const problems = result.errors
    .filter((error) => error.message.trim() !== '' && !/fails to validate$/.test(error.message))
    .map((error): XsdProblem => {
      const element = /Element '(?:\{[^}]*\})?([^']+)'/.exec(error.message)?.[1];
      const message = error.message
        .replace(/^Schemas validity error : /, '')
        .replace(/\{urn:iso:std:iso:20022:tech:xsd:camt\.053\.001\.\d\d\}/g, '');
      const line = error.loc?.lineNumber;
      return {
        ...(line === undefined ? {} : { line }),
        ...(element ? { field: element } : {}),
        message: `${line === undefined ? '' : `line ${line}: `}${message} (checked against ISO 20022 ${schemaName})`,
      };
    });
  // An invalid file without a parsable message still must not pass.
  return problems.length > 0
    ? problems
    : [{ message: `The file does not validate against ISO 20022 ${schemaName}.` }];
}
