export default `tcpsleuth diagrams: (help not written yet)
`;
