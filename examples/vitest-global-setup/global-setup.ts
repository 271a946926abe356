// In your project: export { globalSetup as default } from 'minibroker/testing';
export { globalSetup as default } from '../../testing/index.js';
