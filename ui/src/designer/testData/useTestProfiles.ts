// The saved test profiles, listed once for the whole test panel: the Test event tab's
// profile menu and the Test data tab's list read the same list, so a profile saved or
// deleted in one shows in the other at once.
import { listTestProfiles } from "../../api";
import type { TestProfile } from "../../bindings/TestProfile";
import { sortByName } from "../../model";
import { useListing, type Listing } from "../../useLoaded";

export type TestProfiles = { list: Listing<TestProfile>; reload: () => void };

const load = () => listTestProfiles().then(sortByName);

export function useTestProfiles(): TestProfiles {
  return useListing(load);
}
