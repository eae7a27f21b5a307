/** The books resource: the original sample's six books, each with a reference to its author. */
import type { ResourceDefinition } from '@gatelink/service-kit';

export const books: ResourceDefinition = {
  resource: 'books',
  tableEnv: 'BOOKS_TABLE',
  properties: {
    isbn: { type: 'integer', minimum: 1_000_000_000, maximum: 9_999_999_999_999 },
    title: { type: 'string', minLength: 1, maxLength: 300 },
    publisher: { type: 'string', minLength: 1, maxLength: 200 },
    // MM/DD/YYYY, as the sample writes dates.
    date: { type: 'string', pattern: '^(0[1-9]|1[0-2])/(0[1-9]|[12][0-9]|3[01])/[0-9]{4}$' },
    authorId: { type: 'integer', minimum: 1 },
  },
  required: ['isbn', 'title', 'publisher', 'date', 'authorId'],
  seed: [
    { id: 1, isbn: 9781119490708, title: 'AWS Certified Cloud Practitioner Study', publisher: 'Wiley', date: '07/02/2019', authorId: 1 },
    { id: 2, isbn: 9781788293723, title: 'Mastering AWS Security', publisher: 'Packt Publishing', date: '10/30/2017', authorId: 2 },
    { id: 3, isbn: 9781789806199, title: 'Machine Learning with AWS', publisher: 'Packt Publishing', date: '11/02/2018', authorId: 3 },
    { id: 4, isbn: 9781782171102, title: 'Learning Aws Opsworks', publisher: 'Packt Publishing', date: '09/10/2013', authorId: 4 },
    { id: 5, isbn: 9781789340198, title: 'AWS Lambda Quick Start Guide', publisher: 'Packt Publishing', date: '06/29/2018', authorId: 5 },
    { id: 6, isbn: 9781542885751, title: 'AWS Basics', publisher: 'CreateSpace Publishing', date: '02/09/2017', authorId: 6 },
  ],
};
