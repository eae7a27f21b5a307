/** author-service: serves /api/authors from DynamoDB (table from AUTHORS_TABLE, port from PORT). */
import { runService } from '@gatelink/service-kit';
import { authors } from './definition.js';

await runService(authors);
