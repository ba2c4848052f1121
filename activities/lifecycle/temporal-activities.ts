import { ApplicationFailure } from '@temporalio/common';
import { ACTIVITY_NAMES, type ActivityName } from '../../core/lifecycle/commands';
import { type LifecycleActivities, type LifecycleActivityFn, NonRetryableActivityError } from './lifecycle-activities';

/**
 * The lifecycle activities as a Temporal worker registers them. A business rejection (NonRetryableActivityError)
 * becomes a non-retryable ApplicationFailure typed by its code, so the server stops retrying at once; any other
 * error is rethrown untouched and retried by the workflow's retry policy.
 */
export function toTemporalActivities(activities: LifecycleActivities): LifecycleActivities {
  const wrapped: Partial<Record<ActivityName, LifecycleActivityFn<ActivityName>>> = {};
  for (const name of ACTIVITY_NAMES) {
    const run = activities[name] as LifecycleActivityFn<ActivityName>;
    wrapped[name] = async (args) => {
      try {
        return await run(args);
      } catch (err) {
        if (err instanceof NonRetryableActivityError) {
          throw ApplicationFailure.create({ message: err.message, type: err.code, nonRetryable: true, cause: err });
        }
        throw err;
      }
    };
  }
  return wrapped as LifecycleActivities;
}
