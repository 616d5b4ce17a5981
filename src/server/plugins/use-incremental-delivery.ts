import { useDeferStream } from '@graphql-yoga/plugin-defer-stream';
import { OverlappingFieldsCanBeMergedRule, type ValidationRule } from 'graphql';

/**
 * Yoga's defer-stream plugin (@defer / @stream: multipart/mixed or text/event-stream replies),
 * with the validation rules it adds learnt once: its own hook filters the whole rule list and
 * adds four rules on every request, the document cached or not. One of them is its own
 * OverlappingFieldsCanBeMergedRule (one that knows @defer), meant to replace graphql's; the
 * plugin's filter assigns a new list that envelop never reads, so both ran and a client read each
 * field conflict twice. graphql's is taken out of envelop's list here.
 */
export function useIncrementalDelivery(): ReturnType<typeof useDeferStream> {
  const plugin = useDeferStream();
  const rules: ValidationRule[] = [];
  plugin.onValidate?.({ params: { rules: [] }, addValidationRule: (rule: ValidationRule) => rules.push(rule) } as never);
  return {
    ...plugin,
    onValidate({ params, addValidationRule }) {
      const replaced = params.rules?.indexOf(OverlappingFieldsCanBeMergedRule) ?? -1;
      if (replaced !== -1) params.rules?.splice(replaced, 1);
      for (const rule of rules) addValidationRule(rule);
    },
  };
}
