// @ts-check
/**
 * A local serverless plugin: one CloudWatch alarm per function and metric (by default `Errors` and
 * `Throttles`), added to the compiled template for every function the service declares, so a function added
 * later is watched without anyone remembering to. (One alarm over all functions would need metric math, which
 * takes at most 10 metrics per alarm, and account-wide metrics would count other services' functions.)
 *
 * serverless.yml, `custom.functionAlarms`:
 *   metrics: [Errors, Throttles]      the AWS/Lambda metrics to watch, each `Sum >= 1` over `periodSeconds`
 *   periodSeconds: 300
 *   actions: <list or intrinsic>      AlarmActions and OKActions of every alarm
 *   description: <text>               appended to each alarm's description (say where the runbook is)
 */
/**
 * @typedef {{ metrics?: string[]; periodSeconds?: number; actions?: unknown; description?: string }} Settings
 * @typedef {{
 *   service: {
 *     custom?: { functionAlarms?: Settings };
 *     provider: { compiledCloudFormationTemplate: { Resources: Record<string, unknown> } };
 *     getAllFunctions(): string[];
 *   };
 *   getProvider(name: 'aws'): { naming: { getLambdaLogicalId(name: string): string } };
 * }} Serverless
 */

export default class FunctionAlarms {
  /** @param {Serverless} serverless */
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = { 'package:compileEvents': () => this.addAlarms() };
  }

  addAlarms() {
    const { service } = this.serverless;
    const { naming } = this.serverless.getProvider('aws');
    const settings = service.custom?.functionAlarms ?? {};
    const metrics = settings.metrics ?? ['Errors', 'Throttles'];
    const resources = service.provider.compiledCloudFormationTemplate.Resources;
    for (const name of service.getAllFunctions()) {
      const functionId = naming.getLambdaLogicalId(name);
      for (const metric of metrics) {
        resources[`${functionId}${metric}Alarm`] = {
          Type: 'AWS::CloudWatch::Alarm',
          Properties: {
            AlarmDescription: `${metric} of the ${name} function. ${settings.description ?? ''}`.trim(),
            Namespace: 'AWS/Lambda',
            MetricName: metric,
            Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId } }],
            Statistic: 'Sum',
            Period: settings.periodSeconds ?? 300,
            EvaluationPeriods: 1,
            Threshold: 1,
            ComparisonOperator: 'GreaterThanOrEqualToThreshold',
            TreatMissingData: 'notBreaching',
            ...(settings.actions === undefined ? {} : { AlarmActions: settings.actions, OKActions: settings.actions }),
          },
        };
      }
    }
  }
}
