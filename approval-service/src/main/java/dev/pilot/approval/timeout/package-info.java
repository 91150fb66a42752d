/** Expiry: pending approvals past their deadline become timeout, exactly once across instances. */
package dev.pilot.approval.timeout;
