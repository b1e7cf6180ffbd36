// The engine suite's sparse pass: the simulator leaves out or nulls optional response fields.
process.env.TWELVELABS_SIM_PROFILE = 'sparse';
