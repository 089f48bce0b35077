import {
createMemoryDistributor,
scan,
applyPatches,
onDiff,
getVectorClock,
resizeMemory,
destroy
} from 'wasm-memory-distributor';
// Create a WASM memory instance
const wasmMemory = new WebAssembly.Memory({ initial: 10 });
// Initialize the distributor
let distributorState = createMemoryDistributor(
wasmMemory,
'peer-id-123',
{
pageSize: 8192, // 8KB pages (default)
scanInterval: 100 // Scan every 100ms (default)
}
);
// Listen for changes
distributorState = onDiff(distributorState, (patches) => {
// Send patches to other peers via your transport layer
sendToOtherPeers(patches);
});
// Manually trigger a scan
const scanResult = scan(distributorState);
distributorState = scanResult.state;
const patches = scanResult.patches;
// Apply patches received from other peers
distributorState = applyPatches(distributorState, receivedPatches);
// Get current vector clock state
const clock = getVectorClock(distributorState);
// Handle memory growth
wasmMemory.grow(5);
distributorState = resizeMemory(distributorState, wasmMemory.buffer);
// Clean up
distributorState = destroy(distributorState);
