import { CfnResource } from 'aws-cdk-lib';

/** Record in the template why each named checkov check does not apply here. */
export function skipChecks(resource: CfnResource, reasons: Record<string, string>): void {
  resource.addMetadata('checkov', {
    skip: Object.entries(reasons).map(([id, comment]) => ({ id, comment })),
  });
}
