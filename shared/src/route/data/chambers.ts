// Data, not code: edit the values, keep the shape (validated by ../data.ts when loaded).
export default {
  chambers: [
    {
      id: "prato-pistoia",
      name: "Camera di Commercio di Pistoia-Prato",
      provinces: ["PO", "PT"],
      devices: ["smart-card", "token"],
      shipping: { available: true, workingDays: 10 },
      pickup: { address: "Via del Romito 71, 59100 Prato", fromWorkingDay: 3 },
      localHolidays: ["07-25", "12-26"],
      source: "002",
    },
    {
      id: "brescia",
      name: "Camera di Commercio di Brescia",
      provinces: ["BS"],
      devices: ["smart-card"],
      shipping: { available: false, workingDays: 0 },
      pickup: { address: "Via Einaudi 23, 25121 Brescia", fromWorkingDay: 3 },
      localHolidays: ["02-15"],
      source: "003",
    },
    {
      id: "torino",
      name: "Camera di Commercio di Torino",
      provinces: ["TO"],
      devices: ["token"],
      shipping: { available: true, workingDays: 10 },
      pickup: { address: "Via San Francesco da Paola 24, 10123 Torino", fromWorkingDay: 3 },
      localHolidays: ["06-24"],
      source: "004",
    },
  ],
};
