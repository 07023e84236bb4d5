"""Letters the patient sends from the case: informing the own practitioner, asking for the own records."""
