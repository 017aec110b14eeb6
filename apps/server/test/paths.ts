import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const TEST_DATA_DIR = path.resolve(here, '../../../.test-data');
export const TEMPLATE_PATH = path.join(TEST_DATA_DIR, 'pglite-template.tar');
