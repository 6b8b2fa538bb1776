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

/**
 * Cell values as Excel hands them to a function declared any[][] when
 * functions.json sets allowCustomDataForDataTypeAny and allowErrorForDataTypeAny
 * (the data types JSON schema: Microsoft, "Use data types with custom functions
 * in Excel" and the Excel.*CellValue interfaces). basicValue is what
 * Range.values would give for the cell.
 */
const ERROR_TYPE: Record<string, string> = {
  '#N/A': 'NotAvailable',
  '#DIV/0!': 'Div0',
  '#NUM!': 'Num',
  '#VALUE!': 'Value',
  '#REF!': 'Ref',
  '#NAME?': 'Name',
  '#NULL!': 'Null',
  '#SPILL!': 'Spill',
};

/** Excel.ErrorCellValue */
export function errorCell(code: string): Record<string, unknown> {
  return { type: 'Error', basicType: 'Error', basicValue: code, errorType: ERROR_TYPE[code] };
}

/** Excel.FormattedNumberCellValue / DoubleCellValue with a number format. */
export function formattedNumber(value: number, numberFormat: string): Record<string, unknown> {
  return { type: 'FormattedNumber', basicType: 'Double', basicValue: value, numberFormat };
}

/** Excel.EntityCellValue: Range.values gives "#VALUE!" for it; the cell shows its text. */
export function entityCell(text: string, properties: Record<string, unknown> = {}) {
  return { type: 'Entity', basicType: 'Error', basicValue: '#VALUE!', text, properties };
}

/** Excel.LinkedEntityCellValue (Stocks, currencies): like an entity, with a service id. */
export function linkedEntityCell(text: string, properties: Record<string, unknown> = {}) {
  return {
    type: 'LinkedEntity',
    basicType: 'Error',
    basicValue: '#VALUE!',
    text,
    id: { entityId: text, domainId: 'Stocks', serviceId: 268, culture: 'en-US' },
    properties,
  };
}
