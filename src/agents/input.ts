// A tool's input: declared as JSON Schema (what MCP's tools/list and VS Code's languageModelTools
// both publish) and checked here, so that an agent's bad input gets a sentence naming the field and
// what it takes, whichever host called the tool.

export type PropertySchema =
  | { type: 'string'; description: string; enum?: string[]; maxLength?: number }
  | { type: 'integer' | 'number'; description: string; minimum: number; maximum: number }
  | { type: 'boolean'; description: string }
  | { type: 'array'; description: string; items: { type: 'string' }; maxItems: number };

export interface InputSchema {
  type: 'object';
  properties: Record<string, PropertySchema>;
  required?: string[];
  additionalProperties: false;
}

/** Input an agent sent that the tool cannot take; the message says which field and what it takes. */
export class ToolInputError extends Error {}

/** What a property takes, in words: "a whole number from 100 to 8192". */
export function takes(p: PropertySchema): string {
  switch (p.type) {
    case 'string': return p.enum ? `one of ${p.enum.map((e) => `"${e}"`).join(', ')}` : 'a string';
    case 'integer': return `a whole number from ${p.minimum} to ${p.maximum}`;
    case 'number': return `a number from ${p.minimum} to ${p.maximum}`;
    case 'boolean': return 'true or false';
    case 'array': return `a list of at most ${p.maxItems} strings`;
  }
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function fits(p: PropertySchema, v: unknown): boolean {
  switch (p.type) {
    case 'string': return typeof v === 'string' && (!p.enum || p.enum.includes(v)) && (p.maxLength === undefined || v.length <= p.maxLength);
    case 'integer': return Number.isInteger(v) && (v as number) >= p.minimum && (v as number) <= p.maximum;
    case 'number': return typeof v === 'number' && Number.isFinite(v) && v >= p.minimum && v <= p.maximum;
    case 'boolean': return typeof v === 'boolean';
    case 'array': return Array.isArray(v) && v.length <= p.maxItems && v.every((s) => typeof s === 'string');
  }
}

/** The input as the schema declares it, or a ToolInputError naming the first field at fault. */
export function checkInput(tool: string, schema: InputSchema, input: unknown): Record<string, unknown> {
  const given = input ?? {};
  if (typeof given !== 'object' || Array.isArray(given)) throw new ToolInputError(`${tool} takes an object of named fields, not ${shown(input)}`);
  const fields = Object.keys(schema.properties);
  for (const [name, value] of Object.entries(given)) {
    const p = schema.properties[name];
    if (!Object.hasOwn(schema.properties, name)) {
      throw new ToolInputError(`${tool} has no field "${name}"; it takes ${fields.length ? fields.join(', ') : 'no fields'}`);
    }
    // JSON has no undefined; a null stands for "not given" as some clients send it.
    if (value !== null && value !== undefined && !fits(p, value)) throw new ToolInputError(`"${name}" must be ${takes(p)}, not ${shown(value)}`);
  }
  for (const name of schema.required ?? []) {
    const value = (given as Record<string, unknown>)[name];
    if (value === undefined || value === null) throw new ToolInputError(`"${name}" is required: ${schema.properties[name].description}`);
  }
  return Object.fromEntries(Object.entries(given).filter(([, v]) => v !== null && v !== undefined));
}
