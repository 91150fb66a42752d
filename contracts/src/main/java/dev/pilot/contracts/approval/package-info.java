/** Events on the {@code approval-events} topic, published by the approval service. */
package dev.pilot.contracts.approval;
