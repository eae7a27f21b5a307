/** The authors resource: the original sample's six authors and a book each of them wrote. */
import type { ResourceDefinition } from '@gatelink/service-kit';

export const authors: ResourceDefinition = {
  resource: 'authors',
  tableEnv: 'AUTHORS_TABLE',
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    book: { type: 'string', minLength: 1, maxLength: 300 },
  },
  required: ['name', 'book'],
  seed: [
    { id: 1, name: 'Mark Wilkins', book: 'Learning Amazon Web Services (AWS)' },
    { id: 2, name: 'Steve Morad', book: 'AWS Certified Advanced Networking' },
    { id: 3, name: 'Gojko Adzic', book: 'Running Serverless' },
    { id: 4, name: 'Giuseppe Borgese', book: 'Effective DevOps with AWS' },
    { id: 5, name: 'Vikas Aggarwal', book: 'Ansible 2 Cloud Automation Cookbook' },
    { id: 6, name: 'Ajit Pratap Kundan', book: 'VMware Cross-Cloud Architecture' },
  ],
};
