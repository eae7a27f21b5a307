/** book-service: serves /api/books from DynamoDB (table from BOOKS_TABLE, port from PORT). */
import { runService } from '@gatelink/service-kit';
import { books } from './definition.js';

// No top-level await: `npm start` bundles this as CommonJS (scripts/build.mjs). A failed start
// rejects, and Node exits 1 printing why.
void runService(books);
