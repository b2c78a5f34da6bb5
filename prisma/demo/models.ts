import { loadCsv, loadJson } from "./datasets";
import {
  type Row,
  classificationMetrics,
  predictLinear,
  predictNb,
  quantizeNb,
  regressionMetrics,
  trainGaussianNb,
  trainLinear,
} from "./train";

// The demo's models and versions, each version's metrics measured on a held-out split.

export interface DemoVersion {
  artifactUri: string;
  format: string;
  sizeBytes: number;
  trainingData: string;
  gitCommit: string;
  params: Record<string, unknown>;
  evalMetrics: Record<string, number>;
  optimization?: Record<string, unknown>;
  modelCard: string;
  daysAgo: number;
}

export interface DemoModel {
  slug: string;
  name: string;
  description: string;
  taskType: "classification" | "regression";
  framework: string;
  tags: string[];
  riskLevel: "low" | "medium" | "high" | "critical";
  owner: "editor" | "approver" | "admin";
  requirements: {
    latencyP95Ms: number;
    throughputRps: number;
    memoryMb: number;
    gpuRequired: boolean;
    maxErrorRate: number;
    minMetricName: string;
    minMetricValue: number;
    dataSensitivity: "public" | "internal" | "confidential" | "regulated";
    complianceTags: string[];
    integrationStyle: "rest" | "grpc" | "batch" | "streaming";
    inputValidation: string;
  } | null;
  versions: DemoVersion[];
}

const sha = (seed: string) => {
  let h = 2166136261;
  const out: string[] = [];
  for (let i = 0; i < 8; i++) {
    for (const ch of seed + i) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
    out.push(h.toString(16).padStart(8, "0"));
  }
  return out.join("");
};

function classifierVersion(
  train: Row[],
  test: Row[],
  features: string[],
  label: string,
): { metrics: Record<string, number>; model: ReturnType<typeof trainGaussianNb> } {
  const model = trainGaussianNb(train, features, label);
  const predicted = test.map((r) =>
    predictNb(
      model,
      features.map((f) => Number(r[f])),
    ),
  );
  return {
    model,
    metrics: classificationMetrics(
      test.map((r) => String(r[label])),
      predicted,
    ),
  };
}

function weather(): DemoModel {
  const rows = loadCsv("seattle-weather.csv");
  const test = rows.filter((r) => String(r.date).startsWith("2015"));
  const all = ["precipitation", "temp_max", "temp_min", "wind"];
  const v1 = classifierVersion(
    rows.filter((r) => /^201[23]/.test(String(r.date))),
    test,
    ["precipitation"],
    "weather",
  );
  const train2 = rows.filter((r) => /^201[234]/.test(String(r.date)));
  const v2 = classifierVersion(train2, test, all, "weather");
  const q = quantizeNb(v2.model);
  const qPred = test.map((r) =>
    predictNb(
      q,
      all.map((f) => Number(r[f])),
    ),
  );
  const v3metrics = classificationMetrics(
    test.map((r) => String(r.weather)),
    qPred,
  );
  const card = (v: string, extra: string) =>
    `# Seattle weather classifier ${v}\n\nPredicts the day's weather (sun, rain, drizzle, snow, fog) from daily precipitation, temperature range and wind, for the facilities team's heating and staffing plans.\n\n## Data\nDaily observations at Seattle, 2012–2015 (public). Trained on earlier years, evaluated on 2015.\n\n## Limits\nFog and drizzle are rare and often confused with sun; do not use for safety decisions.\n\n${extra}`;
  return {
    slug: "seattle-weather",
    name: "Seattle weather classifier",
    description:
      "Classifies tomorrow's weather type from daily sensor readings; feeds facilities planning.",
    taskType: "classification",
    framework: "scikit-learn",
    tags: ["tabular", "weather", "naive-bayes"],
    riskLevel: "low",
    owner: "editor",
    requirements: {
      latencyP95Ms: 50,
      throughputRps: 20,
      memoryMb: 512,
      gpuRequired: false,
      maxErrorRate: 0.01,
      minMetricName: "accuracy",
      minMetricValue: 0.7,
      dataSensitivity: "public",
      complianceTags: [],
      integrationStyle: "rest",
      inputValidation: "Reject negative precipitation and wind; temperatures within -30..50 °C.",
    },
    versions: [
      {
        artifactUri: "s3://ml-artifacts/seattle-weather/1/model.pkl",
        format: "pickle",
        sizeBytes: 21_504,
        trainingData: "vega-datasets:seattle-weather.csv (2012–2013)",
        gitCommit: sha("weather-1").slice(0, 40),
        params: { features: ["precipitation"], var_smoothing: 1e-3 },
        evalMetrics: v1.metrics,
        modelCard: card("v1", "Baseline on precipitation alone."),
        daysAgo: 60,
      },
      {
        artifactUri: "s3://ml-artifacts/seattle-weather/2/model.onnx",
        format: "onnx",
        sizeBytes: 48_128,
        trainingData: "vega-datasets:seattle-weather.csv (2012–2014)",
        gitCommit: sha("weather-2").slice(0, 40),
        params: { features: all, var_smoothing: 1e-3 },
        evalMetrics: v2.metrics,
        modelCard: card(
          "v2",
          "All four readings. On 2015 it scores a little below v1, an honest result kept for comparison.",
        ),
        daysAgo: 30,
      },
      {
        artifactUri: "s3://ml-artifacts/seattle-weather/3/model-fp16.onnx",
        format: "onnx",
        sizeBytes: 24_576,
        trainingData: "vega-datasets:seattle-weather.csv (2012–2014)",
        gitCommit: sha("weather-3").slice(0, 40),
        params: { features: all, var_smoothing: 1e-3, precision: "fp16" },
        evalMetrics: v3metrics,
        optimization: {
          technique: "quantization",
          sizeBytesBefore: 48_128,
          sizeBytesAfter: 24_576,
          latencyMsBefore: 1.9,
          latencyMsAfter: 1.1,
          accuracyBefore: v2.metrics.accuracy,
          accuracyAfter: v3metrics.accuracy,
          notes: "Parameters stored at half precision.",
        },
        modelCard: card(
          "v3",
          "v2 exported at half precision: half the size, the same answers on 2015.",
        ),
        daysAgo: 5,
      },
    ],
  };
}

function flights(): DemoModel {
  const rows = loadJson("flights-5k.json");
  const hour = (r: Row) => Number(String(r.date).slice(11, 13));
  const origins = Object.entries(
    rows.reduce<Record<string, number>>(
      (acc, r) => ({ ...acc, [String(r.origin)]: (acc[String(r.origin)] ?? 0) + 1 }),
      {},
    ),
  )
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([o]) => o);
  const x = (r: Row) => [
    Number(r.distance) / 1000,
    hour(r),
    hour(r) ** 2 / 24,
    ...origins.map((o) => (r.origin === o ? 1 : 0)),
  ];
  const train = rows.slice(0, 4000);
  const test = rows.slice(4000);
  const y = train.map((r) => Number(r.delay));
  const mean = y.reduce((a, b) => a + b, 0) / y.length;
  const v1 = regressionMetrics(
    test.map((r) => Number(r.delay)),
    test.map(() => mean),
  );
  const w = trainLinear(train.map(x), y);
  const v2 = regressionMetrics(
    test.map((r) => Number(r.delay)),
    test.map((r) => predictLinear(w, x(r))),
  );
  const card = (v: string, extra: string) =>
    `# Flight delay regressor ${v}\n\nEstimates a flight's arrival delay in minutes from its distance, departure hour and origin airport, for the operations dashboard.\n\n## Data\n5,000 US domestic flights (public sample). First 4,000 for training, last 1,000 for evaluation.\n\n${extra}`;
  return {
    slug: "flight-delay",
    name: "Flight delay regressor",
    description:
      "Predicts arrival delay (minutes) for scheduled flights; used by operations to re-plan gates.",
    taskType: "regression",
    framework: "lightgbm",
    tags: ["tabular", "aviation", "regression"],
    riskLevel: "medium",
    owner: "approver",
    requirements: {
      latencyP95Ms: 120,
      throughputRps: 150,
      memoryMb: 2048,
      gpuRequired: false,
      maxErrorRate: 0.005,
      minMetricName: "r2",
      minMetricValue: 0.02,
      dataSensitivity: "internal",
      complianceTags: ["soc2"],
      integrationStyle: "grpc",
      inputValidation: "Distance 1..6000 miles; known IATA codes only.",
    },
    versions: [
      {
        artifactUri: "gs://ops-models/flight-delay/1/baseline.json",
        format: "json",
        sizeBytes: 412,
        trainingData: "vega-datasets:flights-5k.json rows 0–3999",
        gitCommit: sha("flights-1").slice(0, 40),
        params: { kind: "mean baseline" },
        evalMetrics: v1,
        modelCard: card("v1", "A constant: the mean training delay. The bar any model must clear."),
        daysAgo: 45,
      },
      {
        artifactUri: "gs://ops-models/flight-delay/2/model.txt",
        format: "lightgbm",
        sizeBytes: 1_843_200,
        trainingData: "vega-datasets:flights-5k.json rows 0–3999",
        gitCommit: sha("flights-2").slice(0, 40),
        params: { features: ["distance", "hour", "hour2", ...origins.map((o) => `origin=${o}`)] },
        evalMetrics: v2,
        modelCard: card("v2", "Distance, hour of day and the eight busiest origins."),
        daysAgo: 12,
      },
    ],
  };
}

function penguins(): DemoModel {
  const rows = loadJson("penguins.json").filter(
    (r) => r["Beak Length (mm)"] !== null && r["Body Mass (g)"] !== null,
  );
  const test = rows.filter((_, i) => i % 5 === 0);
  const train = rows.filter((_, i) => i % 5 !== 0);
  const two = ["Beak Length (mm)", "Beak Depth (mm)"];
  const four = [...two, "Flipper Length (mm)", "Body Mass (g)"];
  const v1 = classifierVersion(train, test, two, "Species");
  const v2 = classifierVersion(train, test, four, "Species");
  return {
    slug: "penguin-species",
    name: "Penguin species identifier",
    description:
      "Identifies Adélie, Chinstrap and Gentoo penguins from field measurements for the survey team.",
    taskType: "classification",
    framework: "pytorch",
    tags: ["tabular", "ecology"],
    riskLevel: "low",
    owner: "editor",
    requirements: {
      latencyP95Ms: 200,
      throughputRps: 5,
      memoryMb: 1024,
      gpuRequired: false,
      maxErrorRate: 0.02,
      minMetricName: "accuracy",
      minMetricValue: 0.9,
      dataSensitivity: "regulated",
      complianceTags: ["research-permit"],
      integrationStyle: "batch",
      inputValidation: "All four measurements present and positive.",
    },
    versions: [
      {
        artifactUri: "hf://field-survey/penguin-species@v1",
        format: "torchscript",
        sizeBytes: 2_359_296,
        trainingData: "vega-datasets:penguins.json (80% split)",
        gitCommit: sha("penguins-1").slice(0, 40),
        params: { features: two },
        evalMetrics: v1.metrics,
        modelCard:
          "# Penguin species identifier v1\n\nBeak length and depth only. Trained on the Palmer archipelago survey.",
        daysAgo: 90,
      },
      {
        artifactUri: "hf://field-survey/penguin-species@v2",
        format: "torchscript",
        sizeBytes: 2_621_440,
        trainingData: "vega-datasets:penguins.json (80% split)",
        gitCommit: sha("penguins-2").slice(0, 40),
        params: { features: four },
        evalMetrics: v2.metrics,
        modelCard: "",
        daysAgo: 3,
      },
    ],
  };
}

function fuel(): DemoModel {
  const rows = loadJson("cars.json").filter(
    (r) => r.Miles_per_Gallon !== null && r.Horsepower !== null,
  );
  const test = rows.filter((_, i) => i % 4 === 0);
  const train = rows.filter((_, i) => i % 4 !== 0);
  const year = (r: Row) => Number(String(r.Year).slice(0, 4)) - 1970;
  const f1 = (r: Row) => [Number(r.Weight_in_lbs) / 1000];
  const f2 = (r: Row) => [
    Number(r.Weight_in_lbs) / 1000,
    Number(r.Horsepower) / 100,
    Number(r.Cylinders),
    year(r),
  ];
  const y = train.map((r) => Number(r.Miles_per_Gallon));
  const w1 = trainLinear(train.map(f1), y);
  const w2 = trainLinear(train.map(f2), y);
  const truth = test.map((r) => Number(r.Miles_per_Gallon));
  return {
    slug: "fuel-efficiency",
    name: "Fuel efficiency estimator",
    description:
      "Estimates a vehicle's miles per gallon from its specification, for the fleet procurement tool.",
    taskType: "regression",
    framework: "statsmodels",
    tags: ["tabular", "automotive"],
    riskLevel: "high",
    owner: "admin",
    requirements: null,
    versions: [
      {
        artifactUri: "azureml://registries/fleet/models/fuel-efficiency/versions/1",
        format: "mlflow",
        sizeBytes: 8_192,
        trainingData: "vega-datasets:cars.json (75% split)",
        gitCommit: sha("fuel-1").slice(0, 40),
        params: { features: ["weight"] },
        evalMetrics: regressionMetrics(
          truth,
          test.map((r) => predictLinear(w1, f1(r))),
        ),
        modelCard: "# Fuel efficiency estimator v1\n\nLinear in vehicle weight.",
        daysAgo: 20,
      },
      {
        artifactUri: "azureml://registries/fleet/models/fuel-efficiency/versions/2",
        format: "mlflow",
        sizeBytes: 9_216,
        trainingData: "vega-datasets:cars.json (75% split)",
        gitCommit: sha("fuel-2").slice(0, 40),
        params: { features: ["weight", "horsepower", "cylinders", "model_year"] },
        evalMetrics: regressionMetrics(
          truth,
          test.map((r) => predictLinear(w2, f2(r))),
        ),
        modelCard: "# Fuel efficiency estimator v2\n\nAdds horsepower, cylinders and model year.",
        daysAgo: 1,
      },
    ],
  };
}

export function demoModels(): DemoModel[] {
  return [weather(), flights(), penguins(), fuel()];
}

export { sha };
