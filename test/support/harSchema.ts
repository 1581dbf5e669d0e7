// Checks a HAR against the HAR 1.2 JSON schema (npm har-schema, draft-06) with ajv. Unknown
// keywords of that schema ("optional") are let through; dates are checked by the schema's own
// patterns rather than ajv's formats.
import Ajv from 'ajv';

/** The schema's complaints, one line each; empty when the HAR is valid. */
export function harProblems(har: unknown): string[] {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const schemas = require('har-schema') as Record<string, object>;
  const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
  ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
  for (const [name, schema] of Object.entries(schemas)) if (name !== 'har') ajv.addSchema(schema);
  const validate = ajv.compile(schemas.har);
  if (validate(har)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}
