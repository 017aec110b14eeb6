// dashboard contracts (long-term trends, funnel, velocity, best time to call)
export {};
