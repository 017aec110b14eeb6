// playbook contracts (request/response schemas shared by server and web)
export {};
