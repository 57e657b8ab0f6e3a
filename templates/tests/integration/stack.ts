/** The deployed stack the integration tests run against, named in STACK_NAME. */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';

export const STACK_NAME = process.env.STACK_NAME;

/** `describe` when STACK_NAME names a stack, `describe.skip` otherwise. */
export const describeDeployed = STACK_NAME ? describe : describe.skip;

/** The value of one output of the stack. */
export async function stackOutput(name: string): Promise<string> {
  const answer = await new CloudFormationClient({}).send(
    new DescribeStacksCommand({ StackName: STACK_NAME }),
  );
  const output = answer.Stacks?.[0]?.Outputs?.find((found) => found.OutputKey === name);
  if (output?.OutputValue === undefined) {
    throw new Error(`the stack ${STACK_NAME ?? ''} has no output ${name}`);
  }
  return output.OutputValue;
}
