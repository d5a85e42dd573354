import { describe, expect, it } from 'vitest';
import { initialValues, problemsBySetting, settingFields, settingsFromValues } from './settings-form.ts';

// The shape of connector-open-banking-uk's schema (plugins/connector-open-banking-uk/src/plugin.ts), shortened.
const schema = JSON.stringify({
  type: 'object',
  additionalProperties: false,
  required: ['apiBaseUrl', 'clientSecret'],
  properties: {
    apiBaseUrl: { type: 'string', format: 'uri', description: 'Base URL' },
    clientSecret: { type: 'string', writeOnly: true, description: 'Client secret (secret)' },
    format: { type: 'string', enum: ['json', 'csv'] },
    limit: { type: 'integer' },
    ratio: { type: 'number' },
    strict: { type: 'boolean' },
    retry: { type: 'object', properties: { maxAttempts: { type: 'integer' } } },
  },
});

describe('plugin settings form', () => {
  const fields = settingFields(schema, ['clientSecret']);

  it('gives each top-level setting an input by its schema', () => {
    expect(fields.map((field) => [field.name, field.kind, field.required])).toEqual([
      ['apiBaseUrl', 'text', true],
      ['clientSecret', 'secret', true],
      ['format', 'choice', false],
      ['limit', 'integer', false],
      ['ratio', 'number', false],
      ['strict', 'boolean', false],
      ['retry', 'json', false],
    ]);
    expect(fields[2]!.choices).toEqual(['json', 'csv']);
    expect(fields[0]!.description).toBe('Base URL');
  });

  it('starts from the stored settings, secrets empty', () => {
    expect(
      initialValues(
        fields,
        JSON.stringify({
          apiBaseUrl: 'https://a.example',
          limit: 3,
          strict: false,
          retry: { maxAttempts: 2 },
        }),
      ),
    ).toEqual({
      apiBaseUrl: 'https://a.example',
      clientSecret: '',
      format: '',
      limit: '3',
      ratio: '',
      strict: 'false',
      retry: '{\n  "maxAttempts": 2\n}',
    });
    expect(initialValues(fields, null).apiBaseUrl).toBe('');
  });

  it('turns inputs into settings: empty left out, typed values, a secret removed as null', () => {
    const { settings, problems } = settingsFromValues(
      fields,
      {
        apiBaseUrl: 'https://a.example',
        clientSecret: '',
        format: 'csv',
        limit: ' 12 ',
        ratio: '0.5',
        strict: 'true',
        retry: '{"maxAttempts": 4}',
      },
      new Set(['clientSecret']),
    );
    expect(problems).toEqual({});
    expect(settings).toEqual({
      apiBaseUrl: 'https://a.example',
      clientSecret: null,
      format: 'csv',
      limit: 12,
      ratio: 0.5,
      strict: true,
      retry: { maxAttempts: 4 },
    });
    // A secret typed in is sent; left empty it is not sent at all (the API keeps the stored one).
    expect(settingsFromValues(fields, { clientSecret: 's3cret' }).settings).toEqual({
      clientSecret: 's3cret',
    });
    expect(settingsFromValues(fields, { clientSecret: '' }).settings).toEqual({});
  });

  it('names what cannot be sent', () => {
    expect(
      settingsFromValues(fields, { limit: '1.5', ratio: 'many', retry: '{maxAttempts: 4' }).problems,
    ).toEqual({
      limit: 'must be a whole number',
      ratio: 'must be a number',
      retry: 'must be JSON (e.g. {"maxAttempts": 4})',
    });
  });

  it("puts the API's problems under their top-level setting", () => {
    expect(
      problemsBySetting([
        { field: 'settings.apiBaseUrl', problem: 'must match format "uri"' },
        { field: 'settings.retry.maxAttempts', problem: 'must be <= 10' },
        { field: 'settings.apiBaseUrl', problem: 'a second problem is not shown' },
        { field: 'version', problem: 'must be newer than the installed version 0.1.0' },
      ]),
    ).toEqual({
      apiBaseUrl: 'must match format "uri"',
      retry: 'maxAttempts: must be <= 10',
      '': 'version must be newer than the installed version 0.1.0',
    });
  });
});
