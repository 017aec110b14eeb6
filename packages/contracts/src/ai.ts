// AI suggestion contracts for a call (tags, rubric scores, objections, evidence snippets)
export {};
