/** book-service: serves /api/books from DynamoDB (table from BOOKS_TABLE, port from PORT). */
import { runService } from '@gatelink/service-kit';
import { books } from './definition.js';

await runService(books);
