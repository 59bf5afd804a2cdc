import type { MethodName, MethodOutput, ParsedInput } from '../../../../shared/contract'

/** One function per contract method: validated input in, the contract's output out. */
export type Handlers = { [K in MethodName]: (input: ParsedInput<K>) => Promise<MethodOutput<K>> }

export type HandlerGroup<K extends MethodName> = Pick<Handlers, K>
