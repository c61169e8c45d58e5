// Loads tests/vectors/ids.json, the vectors activation/ids.py, commands.py and explain.py pass too.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const VECTORS = JSON.parse(readFileSync(join(ROOT, 'tests', 'vectors', 'ids.json'), 'utf8'));
export const ERRORS = JSON.parse(readFileSync(join(ROOT, 'static', 'data', 'errors.json'), 'utf8'));
// commands.json pins static/js/commands.js to activation/commands.py; kit.json holds the kit's formats.
export const PINNED = JSON.parse(readFileSync(join(ROOT, 'tests', 'vectors', 'commands.json'), 'utf8'));
export const KIT = JSON.parse(readFileSync(join(ROOT, 'tests', 'vectors', 'kit.json'), 'utf8'));
