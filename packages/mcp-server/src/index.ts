export { stubMain } from "./stub.js";
