import { useDeferStream } from '@graphql-yoga/plugin-defer-stream';
import type { ValidationRule } from 'graphql';

/**
 * Yoga's defer-stream plugin (@defer / @stream: multipart/mixed or text/event-stream replies),
 * with the validation rules it adds learnt once: its own hook filters the whole rule list and
 * adds four rules on every request, the document cached or not.
 */
export function useIncrementalDelivery(): ReturnType<typeof useDeferStream> {
  const plugin = useDeferStream();
  const rules: ValidationRule[] = [];
  plugin.onValidate?.({ params: { rules: [] }, addValidationRule: (rule: ValidationRule) => rules.push(rule) } as never);
  return {
    ...plugin,
    onValidate({ addValidationRule }) {
      for (const rule of rules) addValidationRule(rule);
    },
  };
}
