/**
 * The AWS JSON 1.1 error vocabulary of the embedded Secrets Manager and SSM APIs, as data: each
 * error's `__type`, HTTP status and message. The SDKs read `__type` (and `message`/`Message`).
 */
export interface ApiError {
  readonly status: number;
  readonly type: string;
  readonly message?: string;
}

export const API_ERRORS = {
  unknownOperation: (target: string): ApiError => ({ status: 400, type: 'UnknownOperationException', message: `Unknown operation ${target}` }),
  serialization: (): ApiError => ({ status: 400, type: 'SerializationException', message: 'Start of structure or map found where not expected.' }),
  tooLarge: (): ApiError => ({ status: 413, type: 'RequestEntityTooLarge', message: 'Request entity too large' }),
  // Secrets Manager
  secretNotFound: (): ApiError => ({ status: 400, type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." }),
  secretValueNotFound: (select: string): ApiError => ({ status: 400, type: 'ResourceNotFoundException', message: `Secrets Manager can't find the specified secret value for ${select}` }),
  secretInvalidParameter: (message: string): ApiError => ({ status: 400, type: 'InvalidParameterException', message }),
  secretInvalidRequest: (message: string): ApiError => ({ status: 400, type: 'InvalidRequestException', message }),
  // SSM (ParameterNotFound carries no message; AWS sends none either)
  parameterNotFound: (): ApiError => ({ status: 400, type: 'ParameterNotFound' }),
  parameterVersionNotFound: (name: string, version: string): ApiError => ({ status: 400, type: 'ParameterVersionNotFound', message: `Systems Manager could not find version ${version} of ${name}. Verify the version and try again.` }),
  ssmValidation: (message: string): ApiError => ({ status: 400, type: 'ValidationException', message }),
} as const;

export class ApiFailure extends Error {
  constructor(readonly error: ApiError) {
    super(error.message ?? error.type);
  }
}
