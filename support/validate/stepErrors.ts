/**
 * A LabgateError raised inside a step or hook is a problem with the input or the lab, not a bug in labgate:
 * cucumber shows it as its one line (message and hint), without a stack trace. Loaded by cucumber with the
 * rest of support/.
 */
import { setDefinitionFunctionWrapper } from '@cucumber/cucumber';
import { withoutStack } from './problems.ts';

type Definition = (this: unknown, ...args: unknown[]) => unknown;

setDefinitionFunctionWrapper(
  (fn: Definition) =>
    function wrapped(this: unknown, ...args: unknown[]): unknown {
      let result: unknown;
      try {
        result = fn.apply(this, args);
      } catch (err) {
        throw withoutStack(err);
      }
      if (result instanceof Promise)
        return result.catch((err: unknown) => {
          throw withoutStack(err);
        });
      return result;
    },
);
