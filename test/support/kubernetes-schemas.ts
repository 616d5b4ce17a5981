import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';

/** A kubernetes-models class: a guard on apiVersion/kind, and a model whose validate() applies the API's JSON schema. */
interface ModelClass<T> {
  is(value: unknown): value is T;
  new (data: T): { validate(): void };
}

function schemaOf<T>(model: ModelClass<T>): (value: unknown) => boolean {
  return (value) => {
    if (!model.is(value)) return false;
    new model(value).validate();
    return true;
  };
}

/** The kinds the manifests may use, each checked against the Kubernetes OpenAPI schema kubernetes-models ships. */
const SCHEMAS = [
  schemaOf(Namespace), schemaOf(ConfigMap), schemaOf(Secret), schemaOf(Service), schemaOf(Deployment),
  schemaOf(HorizontalPodAutoscaler), schemaOf(PodDisruptionBudget), schemaOf(NetworkPolicy), schemaOf(Ingress),
];

/** The value at `path` inside a rendered object, or undefined. */
export function fieldOf(object: unknown, ...path: readonly string[]): unknown {
  return path.reduce<unknown>((value, key) => (typeof value === 'object' && value !== null ? Reflect.get(value, key) : undefined), object);
}

/** `apiVersion kind/name` of a rendered object, for messages. */
export function describeObject(object: unknown): string {
  return `${String(fieldOf(object, 'apiVersion'))} ${String(fieldOf(object, 'kind'))}/${String(fieldOf(object, 'metadata', 'name'))}`;
}

/**
 * Throws when `object` breaks its kind's schema (a wrong type, a missing required field, a bad
 * enum value), naming the object and the field; and when its apiVersion/kind has no schema here.
 */
export function validateAgainstSchema(object: unknown): void {
  let checked: boolean;
  try {
    checked = SCHEMAS.some((validate) => validate(object));
  } catch (error) {
    throw new Error(`${describeObject(object)}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (!checked) throw new Error(`${describeObject(object)}: no schema for this apiVersion and kind`);
}

export { ConfigMap, Deployment, HorizontalPodAutoscaler, Ingress, Namespace, NetworkPolicy, PodDisruptionBudget, Secret, Service };
