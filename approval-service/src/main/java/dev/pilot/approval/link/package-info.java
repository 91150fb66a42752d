/**
 * The pages behind signed approve/reject links: opening one shows what would be answered and
 * records nothing; confirming it records the answer through the API's own rules, once.
 */
package dev.pilot.approval.link;
