/**
 * Stands in for the SDK's AjvJsonSchemaValidator in the bundle: scripts/build.mjs points the SDK's
 * import of its Ajv provider here. The SDK's Server builds that validator in its constructor, and
 * importing it evaluates ajv and ajv-formats (~70 CommonJS modules, ~90 KB minified). This server
 * needs it only to check an answer to a confirmation question, so ajv loads on first use, from
 * dist/ajv.cjs (a separate file, so start-up does not even parse it). Bundle only: unbundled code
 * (the tests) uses the SDK's provider directly.
 */
import { createRequire } from 'node:module';
import type { JsonSchemaType, JsonSchemaValidator, jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types.js';

type Provider = typeof import('@modelcontextprotocol/sdk/validation/ajv');

export class AjvJsonSchemaValidator implements jsonSchemaValidator {
  private real: jsonSchemaValidator | undefined;

  getValidator<T>(schema: JsonSchemaType): JsonSchemaValidator<T> {
    // getValidator is synchronous, hence require rather than import(). The chunk holding this code
    // sits in dist/, next to ajv.cjs.
    this.real ??= new (createRequire(import.meta.url)('./ajv.cjs') as Provider).AjvJsonSchemaValidator();
    return this.real.getValidator<T>(schema);
  }
}
