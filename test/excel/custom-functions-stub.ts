/**
 * The CustomFunctions global as Excel's runtime provides it (the part the add-in
 * uses): ErrorCode values are Excel's error texts, Error carries code and message.
 * Import this before any module that touches CustomFunctions.
 */
export class StubCustomFunctionError extends Error {
  constructor(
    readonly code: string,
    message?: string,
  ) {
    super(message);
    this.name = 'CustomFunctions.Error';
  }
}

export const associations = new Map<string, (...args: unknown[]) => unknown>();

const stub = {
  ErrorCode: {
    invalidValue: '#VALUE!',
    notAvailable: '#N/A',
    divisionByZero: '#DIV/0!',
    invalidNumber: '#NUM!',
    nullReference: '#NULL!',
    invalidName: '#NAME?',
    invalidReference: '#REF!',
  },
  Error: StubCustomFunctionError,
  associate: (id: string, fn: (...args: unknown[]) => unknown) => {
    if (associations.has(id)) throw new Error(`${id} associated twice`);
    associations.set(id, fn);
  },
};

(globalThis as unknown as { CustomFunctions: typeof stub }).CustomFunctions = stub;
