/** Why a build tool failed, in a few words; `unreachable` when a download host could not be reached. */
export function describeFailure(text: string): { unreachable: boolean; reason: string };
