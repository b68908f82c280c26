-- DecisionRetention deletes by age.
CREATE INDEX decisions_decided_at ON decisions (decided_at);
