package dev.pilot.contracts;

import java.util.List;

/**
 * A group an approval step named and the users who belonged to it when the approval was requested
 * (the membership is resolved once, so later changes to the group do not change who may answer).
 */
public record GroupMembers(String group, List<String> members) {}
