import onnxProto from 'onnx-proto';
import type { NetworkWeights } from './train/network.ts';

const { onnx } = onnxProto;
const { DataType } = onnx.TensorProto;

/**
 * Writes the classifier as an ONNX model (opset 13) with the onnx-proto protobuf definitions.
 *
 * Inputs: `indices` (int64 [n], feature ids) and `values` (float [n], TF-IDF weights). The first
 * layer is an embedding bag: Gather the int8 rows of the touched features, dequantise with a
 * per-row scale, weight, and sum. A linear model ends there (+ bias → Softmax); an MLP adds
 * ReLU → MatMul → bias → Softmax. Output: `probabilities` (float [classes]).
 *
 * Int8 rows with a per-row float scale keep the model ~4x smaller than float32 with no measurable
 * accuracy loss on the held-out split (see `teller train`'s report).
 */
export function exportOnnx(net: NetworkWeights, meta: Record<string, string>): Uint8Array {
  const width = net.hiddenSize > 0 ? net.hiddenSize : net.numClasses;
  const { q, scale } = quantizeRows(net.w1, net.inputSize, width);
  const tensor = (name: string, dataType: number, dims: number[], data: Partial<Record<string, unknown>>) =>
    onnx.TensorProto.create({ name, dataType, dims, ...data });
  const initializer = [
    tensor('w1_q', DataType.INT8, [net.inputSize, width], {
      rawData: new Uint8Array(q.buffer, q.byteOffset, q.byteLength),
    }),
    tensor('w1_scale', DataType.FLOAT, [net.inputSize], { floatData: Array.from(scale) }),
    tensor('b1', DataType.FLOAT, [width], { floatData: Array.from(net.b1) }),
    tensor('axis0', DataType.INT64, [1], { int64Data: [0] }),
    tensor('axis1', DataType.INT64, [1], { int64Data: [1] }),
  ];
  const node = (
    opType: string,
    input: string[],
    output: string[],
    attribute: onnxProto.onnx.IAttributeProto[] = [],
  ) => onnx.NodeProto.create({ opType, input, output, name: output[0] ?? opType, attribute });
  const nodes = [
    node(
      'Gather',
      ['w1_q', 'indices'],
      ['rows_q'],
      [onnx.AttributeProto.create({ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 })],
    ),
    node(
      'Cast',
      ['rows_q'],
      ['rows'],
      [
        onnx.AttributeProto.create({
          name: 'to',
          type: onnx.AttributeProto.AttributeType.INT,
          i: DataType.FLOAT,
        }),
      ],
    ),
    node(
      'Gather',
      ['w1_scale', 'indices'],
      ['row_scale'],
      [onnx.AttributeProto.create({ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 })],
    ),
    node('Mul', ['row_scale', 'values'], ['row_weight']),
    node('Unsqueeze', ['row_weight', 'axis1'], ['row_weight_2d']),
    node('Mul', ['rows', 'row_weight_2d'], ['weighted']),
    node(
      'ReduceSum',
      ['weighted', 'axis0'],
      ['summed'],
      [onnx.AttributeProto.create({ name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 0 })],
    ),
    node('Add', ['summed', 'b1'], ['layer1']),
  ];
  if (net.hiddenSize > 0) {
    initializer.push(
      tensor('w2', DataType.FLOAT, [net.hiddenSize, net.numClasses], { floatData: Array.from(net.w2) }),
      tensor('b2', DataType.FLOAT, [net.numClasses], { floatData: Array.from(net.b2) }),
    );
    nodes.push(
      node('Relu', ['layer1'], ['hidden']),
      node('Unsqueeze', ['hidden', 'axis0'], ['hidden_2d']),
      node('MatMul', ['hidden_2d', 'w2'], ['out_2d']),
      node(
        'ReduceSum',
        ['out_2d', 'axis0'],
        ['out'],
        [onnx.AttributeProto.create({ name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 0 })],
      ),
      node('Add', ['out', 'b2'], ['logits']),
    );
  } else {
    nodes.push(node('Identity', ['layer1'], ['logits']));
  }
  nodes.push(
    node(
      'Softmax',
      ['logits'],
      ['probabilities'],
      [onnx.AttributeProto.create({ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 })],
    ),
  );

  const valueInfo = (name: string, elemType: number, dims: (number | string)[]) =>
    onnx.ValueInfoProto.create({
      name,
      type: onnx.TypeProto.create({
        tensorType: onnx.TypeProto.Tensor.create({
          elemType,
          shape: onnx.TensorShapeProto.create({
            dim: dims.map((d) =>
              typeof d === 'number'
                ? onnx.TensorShapeProto.Dimension.create({ dimValue: d })
                : onnx.TensorShapeProto.Dimension.create({ dimParam: d }),
            ),
          }),
        }),
      }),
    });
  const graph = onnx.GraphProto.create({
    name: 'teller_intent_classifier',
    node: nodes,
    initializer,
    input: [valueInfo('indices', DataType.INT64, ['n']), valueInfo('values', DataType.FLOAT, ['n'])],
    output: [valueInfo('probabilities', DataType.FLOAT, [net.numClasses])],
  });
  const model = onnx.ModelProto.create({
    irVersion: 7,
    producerName: 'teller-voice',
    producerVersion: '0.1.0',
    opsetImport: [onnx.OperatorSetIdProto.create({ domain: '', version: 13 })],
    graph,
    metadataProps: Object.entries(meta).map(([key, value]) =>
      onnx.StringStringEntryProto.create({ key, value }),
    ),
  });
  return onnx.ModelProto.encode(model).finish();
}

/** Symmetric int8 quantisation per row (one scale per input feature). */
export function quantizeRows(
  w: Float32Array,
  rows: number,
  width: number,
): { q: Int8Array; scale: Float32Array } {
  const q = new Int8Array(rows * width);
  const scale = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let max = 0;
    for (let c = 0; c < width; c++) max = Math.max(max, Math.abs(w[r * width + c] as number));
    const s = max > 0 ? max / 127 : 1;
    scale[r] = s;
    for (let c = 0; c < width; c++) q[r * width + c] = Math.round((w[r * width + c] as number) / s);
  }
  return { q, scale };
}
